// An implicit-feedback worker thread: trains the chunks it is sent on the tables it shares with the others.
import { workerData } from 'node:worker_threads';
import { serveChunks } from './pool';
import { runImplicitChunk, type ImplicitChunk, type ImplicitShared } from './implicitChunk';

const shared = workerData as ImplicitShared;
serveChunks((chunk: ImplicitChunk) => runImplicitChunk(shared, chunk));
