// `npm run bench` runs every benchmark, one after the other (each alone: node dist/bench/<name>.js).
import { main as reassessment } from './reassessment';
import { main as storage } from './storage';

async function all(): Promise<void> {
  await reassessment();
  await storage();
}

all().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
