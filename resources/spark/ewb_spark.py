"""Embedding Workbench's Spark job: trains MLlib ALS or Word2Vec on a dataset the app staged, writes the factors.

Run through spark-submit; plain PySpark (pyspark.ml needs numpy in the driver's Python, nothing else):

  spark-submit ewb_spark.py train --stage URI     train as STAGE/spec.json says, factors to STAGE/out/<table>
  spark-submit ewb_spark.py copy --from A --to B [--remove R]
                                                 copy a folder through Hadoop's FileSystem (stage in/out),
                                                 then remove the run folder R (an ewb-run-* folder) if given
  spark-submit ewb_spark.py remove --path R       remove a run folder R (after a failed run)

The stage (written by src/core/spark/stage.ts) holds spec.json and one Parquet input:
  interactions.parquet  user INT32, item INT32, rating FLOAT, split INT32   (ALS)
  sequences.parquet     tokens LIST<INT32>, split INT32                    (Word2Vec)
Ids are the app's vocabulary indices (0 PAD, 1 OOV, real ids from 2) and stay so: nothing is remapped here.
Each output table is a Parquet folder of `id INT32, vector LIST<FLOAT>` rows.

Progress goes to stdout, one JSON object per line (src/core/spark/events.ts parses them); Spark's own log
goes to stderr (and spark-submit merges this driver's stderr into its stdout). Only DataFrame operations run
on the executors, so they need no Python of their own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import sys
import threading
import time

SPEC_FORMAT = "ewb-spark/1"
RUN_PREFIX = "ewb-run-"

# MLlib parameter names the spec may set, with their types; anything else is refused (never passed blindly).
PARAMS = {
    "als": {
        "rank": int,
        "maxIter": int,
        "regParam": float,
        "implicitPrefs": bool,
        "alpha": float,
        "numUserBlocks": int,
        "numItemBlocks": int,
        "seed": int,
        "checkpointInterval": int,
    },
    "word2vec": {
        "vectorSize": int,
        "windowSize": int,
        "minCount": int,
        "maxIter": int,
        "stepSize": float,
        "numPartitions": int,
        "seed": int,
        "maxSentenceLength": int,
    },
}

# MLlib's own defaults, for progress when a spec leaves maxIter out.
DEFAULT_MAX_ITER = {"als": 10, "word2vec": 1}

# The stage whose completion marks progress through the iterations, by the call site Spark names it after.
# ALS solves one side per `flatMap at ALS.scala` stage (two per iteration); Word2Vec trains one iteration per
# `mapPartitions at Word2Vec.scala` stage. Other Spark versions may name them otherwise: then no iteration
# events, only task counts.
ITERATION_STAGES = {"als": ("flatMap at ALS.scala", 2), "word2vec": ("mapPartitions at Word2Vec.scala", 1)}


def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}, separators=(",", ":")), flush=True)


class JobError(Exception):
    """A problem with the stage or the spec, reported as one clear line."""


def load_spec(text: str) -> dict:
    try:
        spec = json.loads(text)
    except ValueError as e:
        raise JobError(f"spec.json is not JSON: {e}") from None
    if not isinstance(spec, dict) or spec.get("format") != SPEC_FORMAT:
        found = spec.get("format") if isinstance(spec, dict) else type(spec).__name__
        raise JobError(f"spec.json is not an {SPEC_FORMAT} spec (format: {found!r})")
    job = spec.get("job")
    if job not in PARAMS:
        raise JobError(f"spec.json asks for job {job!r}; this job trains {', '.join(PARAMS)}")
    params = spec.get("params", {})
    if not isinstance(params, dict):
        raise JobError(f"params must be an object of MLlib parameters (got {params!r})")
    unknown = sorted(set(params) - set(PARAMS[job]))
    if unknown:
        raise JobError(f"MLlib {job} has no parameter {', '.join(unknown)}")
    for name, value in params.items():
        kind = PARAMS[job][name]
        ok = isinstance(value, bool) if kind is bool else isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or (kind is int and value != int(value)):
            raise JobError(f"{job} parameter {name} must be {kind.__name__} (got {value!r})")
        params[name] = kind(value)
    splits = spec.get("trainSplits", [0])
    if not splits or not all(isinstance(s, int) for s in splits):
        raise JobError(f"trainSplits must be a list of split codes (got {splits!r})")
    return spec


class Progress(threading.Thread):
    """Polls Spark's status tracker: iteration events where the stage names allow, task counts meanwhile.

    Training runs under one job group, so jobs that start and end between two polls are still seen. A finished
    job is looked at one last time and then forgotten, so a poll costs the running jobs' stages only.
    """

    GROUP = "ewb-train"

    def __init__(self, sc, job: str, max_iter: int):
        super().__init__(daemon=True)
        self.tracker = sc.statusTracker()
        self.prefix, self.per_iteration = ITERATION_STAGES[job]
        self.max_iter = max_iter
        self.started = time.time()
        self.stopped = threading.Event()
        self.finished: set[int] = set()
        self.jobs_done: set[int] = set()
        self.iterations = 0
        self.last_tasks = None
        self.lock = threading.Lock()
        sc.setJobGroup(self.GROUP, "Embedding Workbench training")

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            try:
                self.poll()
            except Exception:  # the tracker is best effort: a failed poll must not fail training
                pass

    def poll(self) -> None:
        with self.lock:
            done = total = 0
            for job_id in self.tracker.getJobIdsForGroup(self.GROUP):
                if job_id in self.jobs_done:
                    continue
                info = self.tracker.getJobInfo(job_id)
                if info is None:
                    continue
                running = info.status == "RUNNING"
                for stage_id in info.stageIds:
                    stage = None if stage_id in self.finished else self.tracker.getStageInfo(stage_id)
                    if stage is None:
                        continue
                    if running:
                        done, total = done + stage.numCompletedTasks, total + stage.numTasks
                    # A stage Spark skips (its shuffle output exists already) runs no task: not an iteration.
                    if stage.name.startswith(self.prefix) and 0 < stage.numTasks == stage.numCompletedTasks:
                        self.finished.add(stage_id)
                if not running:
                    self.jobs_done.add(job_id)
            reached = min(self.max_iter, len(self.finished) // self.per_iteration)
            for iteration in range(self.iterations + 1, reached + 1):
                emit("iteration", iteration=iteration, of=self.max_iter, seconds=round(time.time() - self.started, 3))
            self.iterations = max(self.iterations, reached)
            if total and (done, total) != self.last_tasks:
                self.last_tasks = (done, total)
                emit("tasks", done=done, total=total)

    def stop(self) -> None:
        self.stopped.set()
        if self.is_alive():
            self.join(timeout=2)
        try:
            self.poll()  # iterations that ended since the last poll
        except Exception:
            pass


def parent_alive(pid: int) -> bool:
    """Whether the app's process still runs: a zombie (killed, not yet reaped) counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        pass  # no /proc (macOS): ask the kernel
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def watch_parent() -> None:
    """Ends this job's process group (the spark-submit JVM and this driver) once the app's process is gone.

    The app starts spark-submit in a process group of its own and kills that group to cancel, but a process
    killed outright (SIGKILL, OOM) runs no code: then this thread does it (and removes the run's local folder),
    so no driver and no staged data is left behind. Only
    when EWB_PARENT_PID names a process of this machine (in cluster deploy mode the driver runs elsewhere).
    """
    pid = os.environ.get("EWB_PARENT_PID", "")
    if not pid.isdigit() or os.environ.get("EWB_PARENT_HOST") != socket.gethostname():
        return

    # The app's local folder of this run (EWB_RUN_FOLDER), which the app can no longer remove itself.
    folder = os.environ.get("EWB_RUN_FOLDER", "")

    def watch() -> None:
        while parent_alive(int(pid)):
            time.sleep(1)
        if os.path.basename(folder.rstrip("/")).startswith(RUN_PREFIX):
            shutil.rmtree(folder, ignore_errors=True)
        os.killpg(os.getpgrp(), signal.SIGTERM)

    threading.Thread(target=watch, name="ewb-parent-watch", daemon=True).start()


def read_text(spark, path: str) -> str:
    try:
        return "\n".join(r.value for r in spark.read.text(path, wholetext=True).collect())
    except Exception as e:
        raise JobError(f"cannot read {path}: {first_line(e)}") from None


def first_line(e: Exception) -> str:
    lines = [line for line in str(e).splitlines() if line.strip()]
    return lines[0] if lines else type(e).__name__


def train(spark, stage: str) -> None:
    from pyspark.sql import functions as F

    started = time.time()
    spec = load_spec(read_text(spark, f"{stage}/spec.json"))
    job, params, splits = spec["job"], spec["params"], spec.get("trainSplits", [0])
    emit("stage", name="read", job=job)
    data = spark.read.parquet(f"{stage}/{spec['input']}").where(F.col("split").isin(splits))
    # Checkpoints cut ALS's lineage every checkpointInterval iterations; without a directory long runs overflow.
    spark.sparkContext.setCheckpointDir(f"{stage}/checkpoints")
    progress = Progress(spark.sparkContext, job, params.get("maxIter", DEFAULT_MAX_ITER[job]))
    try:
        tables = fit(job, params, data, progress)
    finally:
        progress.stop()
    emit("stage", name="write", job=job)
    written = {}
    for name, frame in tables.items():
        path = f"{stage}/out/{name}"
        # Snappy whatever the cluster's default codec: the app reads it without extra decompressors.
        frame.write.mode("overwrite").option("compression", "snappy").parquet(path)
        written[name] = {"rows": spark.read.parquet(path).count(), "path": path}
    emit("done", job=job, tables=written, seconds=round(time.time() - started, 3))


def fit(job: str, params: dict, data, progress: Progress) -> dict:
    """Trains the model; returns its tables as DataFrames of (id, vector)."""
    from pyspark.sql import functions as F

    if job == "als":
        from pyspark.ml.recommendation import ALS

        data = data.select("user", "item", "rating").cache()
        emit("data", rows=data.count())
        emit("stage", name="train", job=job)
        progress.start()
        model = ALS(userCol="user", itemCol="item", ratingCol="rating", **params).fit(data)
        return {
            name: frame.select(F.col("id").cast("int").alias("id"), F.col("features").alias("vector"))
            for name, frame in (("users", model.userFactors), ("items", model.itemFactors))
        }
    from pyspark.ml.feature import Word2Vec
    from pyspark.ml.functions import vector_to_array

    # PAD and OOV are not words: the app's own word2vec skips them too. Tokens become strings for MLlib (its
    # vocabulary is keyed by string) and the words turn back into the same indices below: no remapping.
    sentences = data.select(
        F.transform(F.filter("tokens", lambda t: t >= 2), lambda t: t.cast("string")).alias("tokens")
    ).cache()
    emit("data", rows=sentences.count())
    emit("stage", name="train", job=job)
    progress.start()
    vectors = Word2Vec(inputCol="tokens", **params).fit(sentences).getVectors()
    return {"vectors": vectors.select(F.col("word").cast("int").alias("id"), vector_to_array("vector", "float32").alias("vector"))}


def hadoop_path(spark, location: str):
    """A Hadoop Path with its FileSystem (Spark's own filesystem layer, configured by spark.hadoop.* settings)."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(location)
    return path, path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def remove(spark, location: str) -> None:
    # Only folders the app made for one run: a typo must never delete a user's data.
    if not location.rstrip("/").rsplit("/", 1)[-1].startswith(RUN_PREFIX):
        raise JobError(f"will only remove {RUN_PREFIX}* run folders, not {location}")
    try:
        path, fs = hadoop_path(spark, location)
        fs.delete(path, True)
    except Exception as e:
        raise JobError(f"removing {location}: {first_line(e)}") from None
    emit("removed", path=location)


def copy(spark, source: str, target: str) -> None:
    """Copies a file or folder between any two filesystems Hadoop knows (file:, hdfs:, s3a:, abfs:, gs: …)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    try:
        (src, src_fs), (dst, dst_fs) = hadoop_path(spark, source), hadoop_path(spark, target)
        if not src_fs.exists(src):
            raise JobError(f"nothing to copy: {source} does not exist")
        if dst_fs.exists(dst):
            raise JobError(f"will not overwrite {target}: it exists already")
        started = time.time()
        if not jvm.org.apache.hadoop.fs.FileUtil.copy(src_fs, src, dst_fs, dst, False, False, conf):
            raise JobError(f"copying {source} to {target} failed")
    except JobError:
        raise
    except Exception as e:
        raise JobError(f"copying {source} to {target}: {first_line(e)}") from None
    emit("copied", source=source, target=target, seconds=round(time.time() - started, 3))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ewb_spark.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("train", help="train as STAGE/spec.json says").add_argument("--stage", required=True)
    c = commands.add_parser("copy", help="copy a folder between filesystems")
    c.add_argument("--from", dest="source", required=True)
    c.add_argument("--to", dest="target", required=True)
    c.add_argument("--remove", help="an ewb-run-* folder to remove once the copy is done")
    commands.add_parser("remove", help="remove an ewb-run-* folder").add_argument("--path", required=True)
    args = parser.parse_args(argv)
    watch_parent()
    if args.command == "train":
        try:
            import numpy  # noqa: F401  pyspark.ml imports it; say so plainly rather than deep in a traceback
        except ImportError:
            emit("error", message=f"pyspark.ml needs numpy in the driver's Python ({sys.executable}): pip install numpy")
            return 1
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(f"ewb {args.command}").getOrCreate()
    emit("start", command=args.command, spark=spark.version, master=spark.sparkContext.master,
         appId=spark.sparkContext.applicationId)
    try:
        if args.command == "train":
            train(spark, args.stage.rstrip("/"))
        elif args.command == "copy":
            copy(spark, args.source, args.target)
            if args.remove:
                remove(spark, args.remove)
        else:
            remove(spark, args.path)
        return 0
    except JobError as e:
        emit("error", message=str(e))
        return 1
    except Exception as e:  # Spark's own failures: the first line here, the whole trace on stderr
        emit("error", message=first_line(e))
        raise
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
