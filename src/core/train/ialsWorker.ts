// A worker thread of an ials run: Gram parts and row solves of the chunks it is sent, on memory shared with the others.
import { workerData } from 'node:worker_threads';
import { runIalsChunk, type IalsChunk } from './ials';
import { ialsKernelOf, type IalsThread } from './ialsCpu';
import { serveChunks } from './pool';

const thread = workerData as IalsThread;
const kernel = ialsKernelOf(thread);
serveChunks((chunk: IalsChunk) => runIalsChunk(kernel, thread.shared, chunk));
