// Page objects: what a user does in each view, in the words of the UI.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

const id = (testId: string): string => `[data-testid="${testId}"]`;

export class DatasetsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(id('nav-datasets'));
  }

  async upload(path: string): Promise<void> {
    await this.page.setInputFiles(id('file-input'), path);
    await this.page.waitForSelector(`${id('preview-table')} tbody tr`);
  }

  async mapped(role: string): Promise<string> {
    return this.page.inputValue(id(`map-${role}`));
  }

  async importAs(name: string): Promise<string> {
    await this.page.fill(id('dataset-name'), name);
    await this.page.click(id('import-button'));
    const result = await this.page.waitForSelector(id('import-result'));
    return (await result.textContent()) ?? '';
  }
}

export class TrainPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(id('nav-train'));
  }

  async train(dataset: string, epochs: number): Promise<void> {
    await this.page.selectOption(id('train-dataset'), dataset); // option values are dataset names
    await this.page.fill(id('train-epochs'), String(epochs));
    await this.page.click(id('train-start'));
    await this.page
      .locator(id('run-status'))
      .filter({ hasText: /completed|failed|cancelled/ })
      .waitFor({ timeout: 120_000 });
    expect(await this.page.textContent(id('run-status'))).toMatch(/completed/);
  }

  async chartPoints(): Promise<number> {
    return Number(await this.page.getAttribute(id('loss-chart'), 'data-points'));
  }
}

export class ExplorePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(id('nav-explore'));
  }

  /** Searches items, picks the first match and returns the neighbour rows' text. */
  async neighboursOf(query: string): Promise<string[]> {
    await this.page.fill(id('item-search'), query);
    const option = await this.page.waitForSelector(id('item-option'));
    await option.click();
    await this.page.waitForSelector(id('neighbor-row'));
    return this.page.$$eval(id('neighbor-row'), (rows) => rows.map((r) => r.textContent ?? ''));
  }

  async exportItems(): Promise<string[]> {
    await this.page.click(id('export-button'));
    await this.page.waitForSelector(id('export-file'));
    return this.page.$$eval(id('export-file'), (els) => els.map((e) => (e.textContent ?? '').trim()));
  }
}
