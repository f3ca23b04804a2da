// A worker thread of an mf ALS run: solves the rows of the chunks it is sent, on tables shared with the others.
import { workerData } from 'node:worker_threads';
import { runMfAlsChunk, type MfAlsChunk, type MfAlsShared } from './mfAls';
import { serveChunks } from './pool';

const shared = workerData as MfAlsShared;
serveChunks((chunk: MfAlsChunk) => runMfAlsChunk(shared, chunk));
