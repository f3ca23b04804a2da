// The training rules: every model's defaults pass its own rules, requests are resolved into full configs, and
// every problem of a request is named at once.
import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../datasets';
import { MODELS, type OptionKey } from './config';
import { MODEL_RULES, optionsShown, sequenceRole } from './models';
import { OPTION_RULES, optionProblem } from './options';
import { availableModels, checkTrainRequest, defaultsFor, resolveTrainRequest, unavailableReason } from './resolve';

describe('the rules table', () => {
  it('gives every model defaults for each of its options that pass the option’s rule', () => {
    for (const m of MODELS) {
      const rule = MODEL_RULES[m];
      const schedule = 'schedule' in rule.defaults ? rule.defaults.schedule : undefined;
      if (rule.options.includes('schedule')) expect(rule.schedules).toContain(schedule);
      else expect([rule.schedules.length, schedule]).toEqual([0, undefined]);
      for (const key of rule.options) {
        if (key === 'threads') continue; // the machine's cores
        if (key === 'threshold') continue; // empty: every row is a positive
        if (key === 'columnDims') continue; // empty: the rule of thumb per column
        const value = (rule.defaults as Record<string, unknown>)[key];
        expect(optionProblem(key, value), `${m}.${key} = ${String(value)}`).toBe(null);
      }
    }
  });

  it('resolves a bare request to the model’s defaults, threads to the cores given', () => {
    for (const m of MODELS) {
      const c = resolveTrainRequest({ dataset: 'd', model: m }, 3);
      expect(c).toMatchObject({ ...MODEL_RULES[m].defaults, model: m, threads: 3 });
      // Nothing of other models (patience is every config's, 0 where there is no validation score).
      const own = [...MODEL_RULES[m].options, 'patience'] as readonly string[];
      expect(Object.keys(c).filter((k) => k !== 'model' && !own.includes(k))).toEqual([]);
    }
    expect(resolveTrainRequest({ dataset: 'd' }, 1).model).toBe('mf');
  });

  it('names every problem of a request in one go, with the option, the rule and the value', () => {
    const r = checkTrainRequest({ dataset: 'd', model: 'mf', dim: 0, lr: -1, schedule: 'adagrad', window: 3 }, 1);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      'mf has no option "window"; its options are dim, epochs, lr, schedule, seed, threads, patience, engine, solver, reg, regBias, regExponent, holdout, features',
      'dim must be a whole number from 1 to 1024 (got 0)',
      'lr must be a number above 0 and at most 10 (got -1)',
      'mf trains with schedule constant or linear (got adagrad)',
    ]);
    expect(() => resolveTrainRequest({ dataset: 'd', dim: 2.5 }, 1)).toThrow(/dim must be a whole number/);
    expect(() => resolveTrainRequest({ dataset: 'd', model: 'svd' as never }, 1)).toThrow(/model "svd" is not one of/);
    expect(optionProblem('loss', 'hinge')).toBe('loss is bpr or warp (got "hinge")');
    expect(optionProblem('hidden', [64, 0])).toMatch(/^hidden must be a list of up to 8 whole numbers/);
    expect(optionProblem('threshold', Number.NaN)).toBe('threshold must be a number (got null)');
  });

  it('refuses patience where there is no validation score, but takes 0', () => {
    expect(() => resolveTrainRequest({ dataset: 'd', model: 'sgns', patience: 2 }, 1)).toThrow(
      /patience needs a validation score; sgns has none/,
    );
    expect(resolveTrainRequest({ dataset: 'd', model: 'sgns', patience: 0 }, 1).patience).toBe(0);
  });

  it('knows which engine trains what, and implicit on tfjs defaults to bpr', () => {
    const problem = (req: Parameters<typeof checkTrainRequest>[0]) => {
      const r = checkTrainRequest(req, 1);
      return r.ok ? null : r.problems.join('; ');
    };
    expect(problem({ dataset: 'd', model: 'cbow', engine: 'tfjs' })).toBe(
      'cbow trains on the cpu engine only; use --engine cpu or auto',
    );
    expect(problem({ dataset: 'd', model: 'classifier', engine: 'cpu' })).toBe(
      'classifier trains on the tfjs engine only; use --engine tfjs or auto',
    );
    expect(problem({ dataset: 'd', model: 'implicit', engine: 'tfjs', loss: 'warp' })).toMatch(/bpr only/);
    const c = resolveTrainRequest({ dataset: 'd', model: 'implicit', engine: 'tfjs' }, 1);
    expect(c.model === 'implicit' && c.loss).toBe('bpr');
    expect(optionsShown('classifier', 'auto')).not.toContain('threads');
    expect(optionsShown('mf', 'tfjs')).not.toContain('threads');
    expect(optionsShown('mf', 'cpu')).toContain('threads');
  });

  it('gives implicit BPR its own defaults (choiceDefaults), under what a request says, on either engine', () => {
    const bpr = MODEL_RULES.implicit.choiceDefaults!.loss!.bpr!;
    const warp = resolveTrainRequest({ dataset: 'd', model: 'implicit' }, 1);
    expect(warp).toMatchObject({ loss: 'warp', reg: MODEL_RULES.implicit.defaults.reg, nsExponent: 0 });
    expect(resolveTrainRequest({ dataset: 'd', model: 'implicit', loss: 'bpr' }, 1)).toMatchObject({
      ...MODEL_RULES.implicit.defaults,
      ...bpr,
      loss: 'bpr',
    });
    // The request's own values win over the loss's defaults; the engine's loss brings them too.
    expect(resolveTrainRequest({ dataset: 'd', model: 'implicit', loss: 'bpr', reg: 0.5 }, 1)).toMatchObject({
      reg: 0.5,
      regBias: bpr.regBias,
    });
    expect(resolveTrainRequest({ dataset: 'd', model: 'implicit', engine: 'tfjs' }, 1)).toMatchObject(bpr);
    expect(defaultsFor('implicit', 'auto', { loss: 'bpr' })).toMatchObject(bpr);
    expect(defaultsFor('implicit', 'auto')).toEqual(MODEL_RULES.implicit.defaults);
    // Every choice's defaults pass their rules.
    for (const m of MODELS) {
      const byChoice = (MODEL_RULES[m].choiceDefaults ?? {}) as Record<string, Record<string, object>>;
      for (const values of Object.values(byChoice))
        for (const d of Object.values(values))
          for (const [key, v] of Object.entries(d)) expect(optionProblem(key as OptionKey, v)).toBe(null);
    }
  });

  it('mf solves by SGD or ALS; ALS and the frequency-scaled penalty stay on the CPU engine', () => {
    const problem = (req: Parameters<typeof checkTrainRequest>[0]) => {
      const r = checkTrainRequest(req, 1);
      return r.ok ? null : r.problems.join('; ');
    };
    expect(problem({ dataset: 'd', model: 'mf', solver: 'als' })).toBe(null);
    expect(problem({ dataset: 'd', model: 'mf', solver: 'als', engine: 'tfjs' })).toMatch(/--solver sgd only/);
    expect(problem({ dataset: 'd', model: 'mf', regExponent: 0.5, engine: 'tfjs' })).toMatch(/--reg-exponent 1/);
    expect(problem({ dataset: 'd', model: 'mf', solver: 'newton' as never })).toBe(
      'solver is sgd or als (got "newton")',
    );
    // On tfjs the defaults are the per-rating penalty's, so that a bare request trains there.
    expect(resolveTrainRequest({ dataset: 'd', model: 'mf', engine: 'tfjs' }, 1)).toMatchObject({
      solver: 'sgd',
      regExponent: 1,
    });
    expect(optionsShown('mf', 'cpu', { solver: 'als' })).not.toContain('lr');
    expect(optionsShown('mf', 'cpu', { solver: 'als' })).not.toContain('schedule');
    expect(optionsShown('mf', 'tfjs')).not.toContain('solver');
  });

  it('mf takes side features by SGD on the CPU engine: tfjs and ALS refuse them with the reason', () => {
    const problem = (req: Parameters<typeof checkTrainRequest>[0]) => {
      const r = checkTrainRequest(req, 1);
      return r.ok ? null : r.problems.join('; ');
    };
    expect(resolveTrainRequest({ dataset: 'd', model: 'mf' }, 1)).toMatchObject({ features: 'none' });
    expect(problem({ dataset: 'd', model: 'mf', features: 'items' })).toBe(null);
    expect(problem({ dataset: 'd', model: 'mf', features: 'both', engine: 'cpu' })).toBe(null);
    expect(problem({ dataset: 'd', model: 'mf', features: 'items', engine: 'tfjs', regExponent: 1 })).toBe(
      'side features train on the cpu engine; use --engine cpu (or auto)',
    );
    // ALS is refused whatever the engine (auto included), as no engine solves feature rows by least squares.
    for (const engine of ['auto', 'cpu'] as const)
      expect(problem({ dataset: 'd', model: 'mf', solver: 'als', features: 'users', engine })).toMatch(
        /side features train by SGD .*use --solver sgd/,
      );
    expect(problem({ dataset: 'd', model: 'mf', solver: 'als', features: 'none' })).toBe(null);
  });

  it('ials has no learning rate or schedule, and refuses them by name', () => {
    const c = resolveTrainRequest({ dataset: 'd', model: 'ials' }, 2);
    expect(c).toMatchObject({ model: 'ials', ...MODEL_RULES.ials.defaults, threads: 2 });
    expect('lr' in c || 'schedule' in c).toBe(false);
    const r = checkTrainRequest({ dataset: 'd', model: 'ials', lr: 0.1, cgSteps: 0, alpha: -1 }, 1);
    expect(!r.ok && r.problems).toEqual([
      expect.stringMatching(
        /^ials has no option "lr"; its options are dim, epochs, seed, threads, patience, engine, reg, alpha, cgSteps/,
      ),
      'alpha must be a number ≥ 0 (got -1)',
      'cgSteps must be a whole number from 1 to 1024 (got 0)',
    ]);
    expect(checkTrainRequest({ dataset: 'd', model: 'ials', engine: 'tfjs' }, 1)).toEqual({
      ok: false,
      problems: ['ials trains on the cpu engine only; use --engine cpu or auto'],
    });
  });

  it('carves no validation split in a final fit on train + valid, unless told to', () => {
    const fit = (req: Record<string, unknown>) => {
      const r = checkTrainRequest({ dataset: 'd', trainOnValid: true, ...req }, 1);
      return r.ok ? r.config : r.problems;
    };
    expect(fit({ model: 'mf' })).toMatchObject({ holdout: 0, trainOnValid: true });
    expect(fit({ model: 'mf', holdout: 0.1 })).toMatchObject({ holdout: 0.1 });
    expect(checkTrainRequest({ dataset: 'd', model: 'mf' }, 1)).toMatchObject({ config: { holdout: 0.05 } });
    expect(fit({ model: 'sgns' })).not.toHaveProperty('holdout'); // a model without the option gets none
  });

  it('checks the shape of init, which scripts write by hand', () => {
    const r = checkTrainRequest(
      { dataset: 'd', init: { items: { runId: 'x' as never }, users: { runId: 1, trainable: 1 as never } } },
      1,
    );
    expect(!r.ok && r.problems).toEqual([
      'init.items needs a runId (the run whose table initialises it)',
      'init.users.trainable must be true or false',
    ]);
  });

  it('every option has a label and a hint for the form and the CLI', () => {
    for (const rule of Object.values(OPTION_RULES)) {
      expect(rule.label.length).toBeGreaterThan(0);
      expect(rule.hint.length).toBeGreaterThan(10);
    }
  });
});

describe('which model fits which dataset', () => {
  const d = (over: Partial<DatasetSummary>): DatasetSummary => ({
    id: 1,
    name: 'd',
    sourcePath: '/d.csv',
    format: 'csv',
    mapping: {},
    kind: 'interactions',
    rows: 10,
    sequences: 0,
    users: 2,
    items: 2,
    ratingMin: 1,
    ratingMax: 5,
    createdAt: '',
    ...over,
  });

  it('ratings fit mf and implicit; clicks only implicit; sequences word2vec; labelled text the classifier too', () => {
    expect(availableModels(d({ mapping: { user: 'u', item: 'i', rating: 'r' } }))).toEqual(['mf', 'implicit', 'ials']);
    expect(availableModels(d({ mapping: { user: 'u', item: 'i', weight: 'w' } }))).toEqual(['implicit', 'ials']);
    expect(unavailableReason('mf', d({ mapping: { user: 'u', item: 'i' } }))).toMatch(
      /needs a rating column.*implicit/,
    );
    const text = d({ kind: 'text', sequences: 5, mapping: { text: 't' } });
    expect(availableModels(text)).toEqual(['sgns', 'cbow']);
    expect(unavailableReason('classifier', text)).toMatch(/needs a label/);
    expect(availableModels({ ...text, mapping: { text: 't', label: 'l' } })).toEqual(['sgns', 'cbow', 'classifier']);
    expect(unavailableReason('mf', d({ kind: 'vectors' }))).toMatch(/imported vectors/);
  });

  it('names the tables a model trains after the role of the dataset’s tokens', () => {
    const sessions = d({ kind: 'sequences', sequences: 3, mapping: { item: 'i', session: 's' } });
    expect(sequenceRole(sessions)).toBe('item');
    expect(MODEL_RULES.sgns.tables(sequenceRole(sessions), sessions.mapping)).toEqual({
      items: 'item',
      'items.context': 'item',
    });
    expect(MODEL_RULES.mf.tables(null, {})).toEqual({ users: 'user', items: 'item' });
    expect(MODEL_RULES.classifier.tables('word', {})).toEqual({ words: 'word' });
    const table = { category: ['Country', 'Home+Away'], target: 'y' };
    expect(MODEL_RULES.tabular.tables(null, table)).toEqual({
      Country: 'category:Country',
      'Home+Away': 'category:Home+Away',
    });
  });
});
