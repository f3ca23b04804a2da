// What a Spark run is checked for before it exists, so that a refused run leaves no row behind: the settings MLlib
// lacks, the master, `--conf`, the stage, Java and spark-submit. The config it returns is the run's record.
import type { SparkOptions, TrainConfig, TrainRequest } from '../../shared';
import { hideSecretConf } from '../../shared';
import { checkMaster, parseConf } from './command';
import { stageBase } from './exchange';
import { checkJava, locateSparkSubmit } from './locate';
import { sparkJobSettings } from './spec';

export function sparkRunConfig(
  request: TrainRequest,
  options: SparkOptions,
  env: NodeJS.ProcessEnv = process.env,
): TrainConfig {
  const { job, params, config } = sparkJobSettings(request, options);
  checkMaster(options.master);
  parseConf(options.conf ?? []);
  stageBase(options);
  checkJava(env);
  locateSparkSubmit({ explicit: options.sparkSubmit, env });
  return {
    ...config,
    spark: {
      master: options.master,
      job,
      params: { ...params },
      conf: (options.conf ?? []).map(hideSecretConf),
      ...(options.stage !== undefined ? { stage: options.stage } : {}),
    },
  };
}
