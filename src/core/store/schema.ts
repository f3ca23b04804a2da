// The schema as an append-only list of migrations: never edit a shipped entry, add a new one.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    source_path TEXT NOT NULL,
    format TEXT NOT NULL,
    mapping_json TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_imported INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rating_min REAL NOT NULL,
    rating_max REAL NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE TABLE import_rejects (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    reason TEXT NOT NULL
  );
  -- One vocabulary per categorical role: idx 0 is PAD, 1 is OOV, then by descending count.
  CREATE TABLE vocab (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    idx INTEGER NOT NULL,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    title TEXT,
    meta_json TEXT,
    PRIMARY KEY (dataset_id, role, idx)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX vocab_key ON vocab(dataset_id, role, key);
  -- split: 0 train, 1 valid, 2 test.
  CREATE TABLE interactions (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    user_idx INTEGER NOT NULL,
    item_idx INTEGER NOT NULL,
    rating REAL NOT NULL,
    ts INTEGER,
    split INTEGER NOT NULL
  );
  CREATE INDEX interactions_dataset ON interactions(dataset_id, split);
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    engine TEXT NOT NULL,
    config_json TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    best_epoch INTEGER,
    result_json TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT
  );
  CREATE TABLE run_epochs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    metrics_json TEXT NOT NULL,
    PRIMARY KEY (run_id, epoch)
  ) WITHOUT ROWID;
  -- Tables as little-endian float32 BLOBs, rows × dim, row r at byte offset r * dim * 4.
  CREATE TABLE run_tables (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    rows INTEGER NOT NULL,
    dim INTEGER NOT NULL,
    data BLOB NOT NULL,
    bias BLOB,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;
  `,
  `
  -- Datasets of every kind (interactions, sequences, text) with their quality report and import options.
  ALTER TABLE datasets ADD COLUMN kind TEXT NOT NULL DEFAULT 'interactions';
  ALTER TABLE datasets ADD COLUMN report_json TEXT;
  ALTER TABLE datasets ADD COLUMN options_json TEXT;
  -- Interactions as columns in chunks of up to 65,536 rows: little-endian int32 users/items (vocabulary
  -- indices), float32 ratings and weights, float64 epoch seconds (NaN = none), uint8 split (0/1/2).
  -- Columnar BLOBs import and load far faster than a row per interaction; datasets imported before this
  -- migration keep their rows in the interactions table and are still read from there.
  CREATE TABLE interaction_chunks (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    chunk INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    users BLOB NOT NULL,
    items BLOB NOT NULL,
    ratings BLOB,
    weights BLOB,
    ts BLOB,
    splits BLOB NOT NULL,
    PRIMARY KEY (dataset_id, chunk)
  ) WITHOUT ROWID;
  -- Token sequences (documents, sessions): tokens as a little-endian int32 BLOB of vocabulary indices.
  CREATE TABLE sequences (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    key TEXT,
    role TEXT NOT NULL,
    user_idx INTEGER,
    label_idx INTEGER,
    start_ts REAL,
    split INTEGER NOT NULL,
    length INTEGER NOT NULL,
    tokens BLOB NOT NULL,
    PRIMARY KEY (dataset_id, seq)
  ) WITHOUT ROWID;
  `,
  `
  -- The epoch whose tables a running (or crashed) run has stored as a checkpoint; NULL once complete.
  ALTER TABLE runs ADD COLUMN checkpoint_epoch INTEGER;
  `,
  `
  -- v4: the TensorFlow.js backend a run trained on (tfjs-node-gpu, tfjs-node, wasm, cpu), or cpu-engine for
  -- the CPU engine; NULL for runs stored before it was recorded (all of them CPU-engine runs).
  ALTER TABLE runs ADD COLUMN backend TEXT;
  `,
  `
  -- v5: the process (pid) that supervises a running run, so that a front end starting later can tell a run
  -- another live process trains from one whose process died (marked interrupted); and the code of a run's
  -- error (TrainingDiverged, Cancelled, RunFailed …) beside its message, for the UI to act on.
  ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
  ALTER TABLE runs ADD COLUMN error_code TEXT;
  `,
  `
  -- v6: the training support of each row of a table (little-endian int32, one per row): interactions, corpus
  -- occurrences after the min-count, or labelled-sequence tokens. 0 marks a row never trained (its vector is
  -- its random start); NULL: unknown (imported tables, and tables stored before this migration).
  ALTER TABLE run_tables ADD COLUMN counts BLOB;
  `,
  `
  -- v7: what a user says about datasets and runs (a run's name, notes, tags as a JSON list); the files written
  -- for a run (table exports, batch results, packs), so that removing a run can say what it takes along; and a
  -- dataset's import report as it was shown, to open it again.
  ALTER TABLE runs ADD COLUMN name TEXT;
  ALTER TABLE runs ADD COLUMN note TEXT;
  ALTER TABLE runs ADD COLUMN tags_json TEXT;
  ALTER TABLE datasets ADD COLUMN note TEXT;
  ALTER TABLE datasets ADD COLUMN tags_json TEXT;
  ALTER TABLE datasets ADD COLUMN import_json TEXT;
  CREATE TABLE run_exports (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX run_exports_run ON run_exports(run_id);
  `,
  `
  -- v8: finished 2-D maps (docs/explore.md), so re-opening one is instant. settings_key is the canonical JSON
  -- of the method's options in effect, the layout code's version and a hash of the rows mapped; x and y are
  -- little-endian float32 BLOBs, one value per point in the answer's order.
  CREATE TABLE projections (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    method TEXT NOT NULL,
    settings_key TEXT NOT NULL,
    points INTEGER NOT NULL,
    x BLOB NOT NULL,
    y BLOB NOT NULL,
    result_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (run_id, table_name, method, settings_key)
  ) WITHOUT ROWID;
  `,
  `
  -- v9: studies (hyper-parameter searches and cross-validations) and their trials, each trial a run. A study's
  -- request is stored resolved (space, fixed options, objective, budget, sampler, pruner, seed), so a study
  -- resumes after a restart from these rows alone; seconds is the time it has run (for a minutes budget).
  CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    request_json TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    owner_pid INTEGER,
    seconds REAL NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT
  );
  -- kind: search (proposed by the sampler) or cv (one fold, numbered fold, of the config named arm).
  CREATE TABLE study_trials (
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    arm TEXT,
    fold INTEGER,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    params_json TEXT NOT NULL,
    state TEXT NOT NULL,
    value REAL,
    note TEXT,
    started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT,
    PRIMARY KEY (study_id, number)
  ) WITHOUT ROWID;
  CREATE INDEX study_trials_run ON study_trials(run_id);
  `,
  `
  -- v10: a tabular dataset's columns in chunks of rows, in mapping order (position): category columns as
  -- little-endian int32 indices into their vocabulary (vocab_role: category:<column or group>), numeric columns
  -- and the target as float32 (NaN = missing or not a number), the target's class as int32 (its vocabulary
  -- index in role 'target' − 2; −1 = none), the split as uint8 (0/1/2).
  CREATE TABLE tabular_columns (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('category', 'numeric', 'target', 'class', 'split')),
    vocab_role TEXT,
    chunk INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (dataset_id, position, chunk)
  ) WITHOUT ROWID;
  `,
  `
  -- v11: side features of items and users (docs/features.md): per owner (item, user) one CSR over its vocabulary,
  -- entity e's features features[indptr[e] .. indptr[e + 1]) (indices into the vocabulary of role
  -- <owner>_feature) with their weights; little-endian int32, int32 and float32 BLOBs.
  CREATE TABLE entity_features (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    owner TEXT NOT NULL CHECK (owner IN ('item', 'user')),
    indptr BLOB NOT NULL,
    features BLOB NOT NULL,
    weights BLOB NOT NULL,
    PRIMARY KEY (dataset_id, owner)
  ) WITHOUT ROWID;
  `,
  `
  -- v12: named map bookmarks (docs/explore.md): state_json is a MapBookmarkState (settings, colouring, labels,
  -- window, chosen key); a name is unique per run and table, saving it again replaces it.
  CREATE TABLE map_bookmarks (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    name TEXT NOT NULL,
    state_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (run_id, table_name, name)
  );
  `,
  `
  -- v13: a table's vectors over 1 MiB are stored in parts of whole rows, in order (run_tables.parts counts them;
  -- its data is then empty): SQLite copies each BLOB it is given, and again into its record, so a store in one
  -- piece held a large table twice more in memory (core/store/tableParts.ts).
  ALTER TABLE run_tables ADD COLUMN parts INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE run_table_parts (
    run_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_id, name, part),
    FOREIGN KEY (run_id, name) REFERENCES run_tables (run_id, name) ON DELETE CASCADE
  ) WITHOUT ROWID;
  `,
];
