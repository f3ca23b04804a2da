// Page objects for managing a project (datasets and runs: report, edit, remove, pack, unpack) and for batch
// results in the Explore view, in the words of the UI.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const id = (testId: string): string => `[data-testid="${testId}"]`;

export class ManagePage {
  constructor(private readonly page: Page) {}

  private row(dataset: string) {
    return this.page.locator(`${id('dataset-row')}[data-name="${dataset}"]`);
  }

  async openReport(dataset: string): Promise<string> {
    await this.row(dataset).locator(id('dataset-report')).click();
    return (await this.page.locator(`${id('dataset-report-again')} ${id('import-result')}`).textContent()) ?? '';
  }

  async editDataset(dataset: string, edit: { name?: string; note?: string; tags?: string }): Promise<void> {
    await this.row(dataset).locator(id('dataset-edit')).click();
    await this.fillEditor('dataset-editor', edit);
  }

  async fillEditor(editor: string, edit: { name?: string; note?: string; tags?: string }): Promise<void> {
    if (edit.name !== undefined) await this.page.fill(id(`${editor}-name`), edit.name);
    if (edit.tags !== undefined) await this.page.fill(id(`${editor}-tags`), edit.tags);
    if (edit.note !== undefined) await this.page.fill(id(`${editor}-note`), edit.note);
    await this.page.click(id(`${editor}-save`));
  }

  /** Asks to remove; returns the confirmation's text (nothing is removed yet). */
  async askRemoveDataset(dataset: string): Promise<string> {
    await this.row(dataset).locator(id('dataset-remove')).click();
    return (await this.page.locator(id('remove-confirm')).textContent()) ?? '';
  }

  async confirmRemove(): Promise<void> {
    await this.page.click(id('remove-yes'));
    await this.page.locator(id('remove-confirm')).waitFor({ state: 'detached' });
  }

  async datasets(): Promise<string[]> {
    return this.page.$$eval(id('dataset-row'), (rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  }

  /** Unpacks a packed run by uploading it; returns the sentence saying where it went. */
  async unpack(path: string): Promise<string> {
    await this.page.setInputFiles(id('unpack-input'), path);
    return (await this.page.locator(id('unpack-result')).textContent()) ?? '';
  }

  /** Packs the run shown in the Train view; returns the downloaded file's name and bytes. */
  async packShownRun(): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.click(id('run-pack'))]);
    await this.page.waitForSelector(id('run-packed'));
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  }
}

export class BatchPanelPage {
  constructor(private readonly page: Page) {}

  /** Writes a batch result and returns the downloaded file's name and text, and the summary line. */
  async write(options: { kind: string; k?: number; format?: string; file?: string }) {
    await this.page.selectOption(id('batch-kind'), options.kind);
    if (options.k !== undefined) await this.page.fill(id('batch-k'), String(options.k));
    await this.page.selectOption(id('batch-format'), options.format ?? 'csv');
    if (options.file) await this.page.setInputFiles(id('batch-file'), options.file);
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: 120_000 }),
      this.page.click(id('batch-start')),
    ]);
    const summary = ((await this.page.locator(id('batch-result')).textContent()) ?? '').replace(/\s+/g, ' ').trim();
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8'), summary };
  }
}
