// Page object for a map while it runs: start it, watch the chart redraw its snapshots, pause, resume, stop,
// and read where the answer came from (computed or the cache).
import type { Page } from 'playwright-core';

const id = (testId: string): string => `[data-testid="${testId}"]`;

export interface MapChoice {
  method: 'pca' | 'umap' | 'tsne';
  seed?: number;
  iterations?: number;
  /** Only the most frequent rows; null maps every row. */
  limit?: number | null;
}

export class LiveMap {
  constructor(private readonly page: Page) {}

  /** Sets the method and options, clicks Map, and waits for the progress bar. */
  async start(choice: MapChoice): Promise<void> {
    await this.page.selectOption(id('map-method'), choice.method);
    if (choice.seed !== undefined) await this.page.fill(id('map-seed'), String(choice.seed));
    if (choice.limit !== undefined)
      await this.page.fill(id('map-limit'), choice.limit === null ? '' : String(choice.limit));
    if (choice.iterations !== undefined) await this.page.fill(id('map-iterations'), String(choice.iterations));
    await this.page.locator(`${id('map-run')}:not([disabled])`).click();
    await this.page.waitForSelector(id('map-progress'));
  }

  /** Polls an attribute of the element until `ok` holds for its value; returns that value. */
  async until(
    testId: string,
    attribute: string,
    ok: (value: string | null) => boolean,
    timeout = 60_000,
  ): Promise<string> {
    const end = Date.now() + timeout;
    for (;;) {
      const el = await this.page.$(id(testId));
      const value = el ? await el.getAttribute(attribute) : null;
      if (ok(value)) return value ?? '';
      if (Date.now() > end)
        throw new Error(`${testId}[${attribute}] never became what was waited for (last: ${value})`);
      await this.page.waitForTimeout(50);
    }
  }

  /** Waits until the chart shows a moving layout drawn at least `frames` times; returns the count. */
  async waitFrames(frames: number): Promise<number> {
    await this.page.waitForSelector(`${id('map-chart')}[data-moving="true"]`, { timeout: 60_000 });
    return Number(await this.until('map-chart', 'data-frames', (v) => Number(v) >= frames));
  }

  async iteration(): Promise<number> {
    return Number(await this.page.getAttribute(id('map-progress'), 'data-iteration'));
  }

  /** Pauses and waits until the backend says it is paused; returns the iteration it holds at. */
  async pause(): Promise<number> {
    await this.page.click(id('map-pause'));
    await this.page.waitForSelector(`${id('map-progress')}[data-paused="true"]`);
    return this.iteration();
  }

  async resume(): Promise<void> {
    await this.page.click(id('map-resume'));
    await this.page.waitForSelector(`${id('map-progress')}[data-paused="false"]`);
  }

  /** Stops (keeping the layout) and waits for the finished map's summary. */
  async stop(): Promise<string> {
    await this.page.click(id('map-stop'));
    await this.page.locator(id('map-progress')).waitFor({ state: 'detached', timeout: 60_000 });
    return this.summary();
  }

  /** Clicks Map with the settings as they are and waits for this map's answer (not the one shown before). */
  async mapAgain(): Promise<{ summary: string; cached: boolean }> {
    const shown = await this.page.$(id('map-summary'));
    const before = shown ? await shown.getAttribute('data-projection') : null;
    await this.page.locator(`${id('map-run')}:not([disabled])`).click();
    const fresh = before ? `${id('map-summary')}:not([data-projection="${before}"])` : id('map-summary');
    await this.page.locator(fresh).waitFor({ timeout: 120_000 });
    await this.page.locator(`${id('map-chart')}[data-rendered="true"]`).waitFor({ timeout: 60_000 });
    return {
      summary: await this.summary(),
      cached: (await this.page.getAttribute(id('map-summary'), 'data-cached')) === 'true',
    };
  }

  async summary(): Promise<string> {
    return ((await this.page.textContent(id('map-summary'))) ?? '').replace(/\s+/g, ' ').trim();
  }
}
