"""The word2vec bench's Python side (bench/word2vec.ts runs it with .venv-bench's gensim 4.4).

  train CORPUS SETTINGS_JSON   gensim Word2Vec on a text file; prints one JSON line: seconds, raw words, peak RSS
  evaluate VECTORS QUESTIONS SIMILARITY   gensim's own evaluators on a word2vec text file (ours, fastText's .vec,
                               gensim's): evaluate_word_analogies (restrict 30,000) and evaluate_word_pairs
"""
import json
import resource
import sys
import time


def train(corpus, settings):
    from gensim.models import Word2Vec
    from gensim.models.word2vec import Text8Corpus

    out = settings.pop("out")
    epochs = settings["epochs"]
    # Text8Corpus streams the file in 8 KB reads and cuts it into sentences of 10,000 words, as our importer
    # does; LineSentence would hold the development corpus's one 100 MB line as 17M Python strings (>1.3 GB).
    sentences = Text8Corpus(corpus, max_sentence_length=10000)
    model = Word2Vec(**settings)
    started = time.time()
    model.build_vocab(sentences)
    vocab_seconds = time.time() - started
    started = time.time()
    model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    seconds = time.time() - started
    # Peak RSS of training, before the vectors are written or evaluated (ru_maxrss is in KiB on Linux).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    model.wv.save_word2vec_format(out)
    print(json.dumps({"seconds": seconds, "vocabSeconds": vocab_seconds,
                      "rawWords": model.corpus_total_words * epochs, "peakMiB": peak,
                      "vocabulary": len(model.wv)}))


def evaluate(vectors, questions, similarity):
    from gensim.models import KeyedVectors

    kv = KeyedVectors.load_word2vec_format(vectors)
    analogies = kv.evaluate_word_analogies(questions, restrict_vocab=30000)[0]
    pearson, spearman, oov = kv.evaluate_word_pairs(similarity)
    print(json.dumps({"analogies": analogies, "spearman": spearman[0], "oovRatio": oov / 100}))


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train(sys.argv[2], json.loads(sys.argv[3]))
    else:
        evaluate(sys.argv[2], sys.argv[3], sys.argv[4])
