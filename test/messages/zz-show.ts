import { renderMessage, type MessageCode } from '../../src/index.js';
import { EXAMPLES } from './examples.js';
for (const code of process.argv.slice(2) as MessageCode[]) for (const l of ['en', 'fr'] as const) console.log(code, l, renderMessage<MessageCode>(code, EXAMPLES[code], l));
