import './production';
// `npm run bench` runs every benchmark, one after the other (each on a scratch database of its own;
// each also runs alone: node dist/bench/<name>.js).
import { run as api } from './api';
import { run as reassessment } from './reassessment';
import { main as storage } from './storage';
import { run as webhooks } from './webhooks';

async function main(): Promise<void> {
  console.log('# request paths (P0–P2, createRisk, writes per organisation)');
  await api();
  console.log('\n# reassessment sweep (P3)');
  await reassessment();
  console.log('\n# evidence storage (P4)');
  await storage();
  console.log('\n# webhooks (P6)');
  await webhooks();
  await (await import('./pack')).run();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
