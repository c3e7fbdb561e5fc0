import { practice } from './clients.js';
import { diffClients } from '../src/clients/diff/diff.js';
const { existing, incoming } = practice(100_000);
const runs: number[] = [];
for (let r = 0; r < 12; r++) { const c0 = process.cpuUsage(); const p = diffClients(existing, incoming); const c = process.cpuUsage(c0); if (p.summary.unchanged !== 80000) throw new Error('x'); if (r>1) runs.push((c.user)/1000); }
runs.sort((a,b)=>a-b); console.log(process.argv[1], 'min cpu ms', runs[0]!.toFixed(1), 'p25', runs[2]!.toFixed(1));
