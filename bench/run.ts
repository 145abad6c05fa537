// `npm run bench` runs every benchmark, one after the other (each on a scratch database of its own).
import { run as reassessment } from './reassessment';
import { run as webhooks } from './webhooks';

async function main(): Promise<void> {
  console.log('# reassessment sweep');
  await reassessment();
  console.log('\n# webhooks (P6)');
  await webhooks();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
