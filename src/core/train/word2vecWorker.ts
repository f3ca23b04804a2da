// A word2vec worker thread: trains the chunks it is sent on the tables it shares with the other threads.
import { workerData } from 'node:worker_threads';
import { serveChunks } from './pool';
import { Word2VecChunkRunner, type Word2VecChunk, type Word2VecShared } from './word2vecChunk';

const { shared, thread } = workerData as { shared: Word2VecShared; thread: number };
const runner = new Word2VecChunkRunner(shared, thread);
serveChunks((chunk: Word2VecChunk) => runner.run(chunk));
