// Worker-thread bootstrap: tsx's loader is registered per thread (Node 20 does not pass it on), then the TS entry.
import { register } from 'tsx/esm/api';

register();
await import('./replica-worker.ts');
