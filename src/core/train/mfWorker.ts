// A worker thread of an mf run: SGD over the chunks of the shuffled order it is sent, on tables shared with the others.
import { workerData } from 'node:worker_threads';
import { runMfChunk, type MfChunk, type MfShared } from './mfChunk';
import { serveChunks } from './pool';

const shared = workerData as MfShared;
serveChunks((chunk: MfChunk) => runMfChunk(shared, chunk));
