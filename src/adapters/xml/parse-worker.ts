// The XML parse worker (see parse-pool.ts): parses with tree.ts in this thread, returns the tree.
import { parentPort } from 'node:worker_threads';
import { parseDocumentHere } from './tree.js';

parentPort?.on('message', (m: { id: number; xml: string }) => {
  parseDocumentHere(m.xml).then(
    (root) => parentPort?.postMessage({ id: m.id, root }),
    (err: unknown) => parentPort?.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
