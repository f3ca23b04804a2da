// A worker thread of an ials run: Gram parts and row solves of the chunks it is sent, on tables shared with the others.
import { workerData } from 'node:worker_threads';
import { runIalsChunk, type IalsChunk, type IalsShared } from './ials';
import { serveChunks } from './pool';

const shared = workerData as IalsShared;
serveChunks((chunk: IalsChunk) => runIalsChunk(shared, chunk));
