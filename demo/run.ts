/**
 * `npm run demo`: taxsync end to end on the bundled sample data, with embedded defaults. Nothing to configure.
 */
import { runClientImportDemo } from './client-import.js';
import { runDispatchDemo } from './dispatch.js';
import { runParseDemo } from './parse-samples.js';
import { runSignatureSyncDemo } from './signature-sync.js';

const log = (line: string): void => console.log(line);

console.log('# taxsync — démo / demo');
await runParseDemo(log);
await runClientImportDemo(log);
await runDispatchDemo(log);
await runSignatureSyncDemo(log);
