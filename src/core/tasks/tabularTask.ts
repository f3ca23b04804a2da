// A generated table with a known answer, for the tabular model's tests and e2e: shops of two kinds (which kind a
// shop is, is hidden), weekdays, a colour that means nothing, and a price with gaps. The target:
// - `buy` (classes): a shop of kind A sells at weekends, one of kind B on weekdays — an interaction of shop and
//   day that no model additive in one-hot columns can express — and a high price lowers the chance;
// - `spend` (a number): the shop's kind and the day's part of the week add up, plus 2 × price, plus noise.
// A model that learns the rule must place shops of one kind near each other in the shop table.
import { writeFileSync } from 'node:fs';
import { createRng, gaussian } from '../random';

export interface TabularTaskOptions {
  rows: number;
  shops?: number;
  /** Share of rows whose price is left empty (default 0.1). */
  missingPrice?: number;
  /** Share of rows whose `buy` is flipped (default 0.02). */
  noise?: number;
  seed?: number;
}

export interface TabularTaskRow {
  shop: string;
  weekday: string;
  colour: string;
  price: number | null;
  buy: 'yes' | 'no';
  spend: number;
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const COLOURS = ['red', 'green', 'blue', 'grey', 'black'];
/** Shops s0, s2, s4 … are of kind A; s1, s3 … of kind B. */
export const shopKind = (shop: string): 'A' | 'B' => (Number(shop.slice(1)) % 2 === 0 ? 'A' : 'B');
export const isWeekend = (day: string): boolean => day === 'Sat' || day === 'Sun';

export function generateTabularTask(o: TabularTaskOptions): TabularTaskRow[] {
  const rng = createRng(o.seed ?? 17);
  const shops = o.shops ?? 30;
  const out: TabularTaskRow[] = [];
  for (let r = 0; r < o.rows; r++) {
    const shop = `s${Math.floor(rng() * shops)}`;
    // Weekends are as common as weekdays, so that the rule is not hidden by the class balance.
    const weekday = rng() < 0.5 ? WEEKDAYS[5 + Math.floor(rng() * 2)]! : WEEKDAYS[Math.floor(rng() * 5)]!;
    const colour = COLOURS[Math.floor(rng() * COLOURS.length)]!;
    const price = rng() < (o.missingPrice ?? 0.1) ? null : Math.round(rng() * 100) / 10;
    const sells = (shopKind(shop) === 'A') === isWeekend(weekday);
    let buy: 'yes' | 'no' = sells && (price ?? 5) < 8 ? 'yes' : 'no';
    if (rng() < (o.noise ?? 0.02)) buy = buy === 'yes' ? 'no' : 'yes';
    const spend = (shopKind(shop) === 'A' ? 3 : -3) + (isWeekend(weekday) ? 2 : 0) + 2 * (price ?? 5) + gaussian(rng);
    out.push({ shop, weekday, colour, price, buy, spend: Math.round(spend * 100) / 100 });
  }
  return out;
}

/** The rows as a CSV importable with `--map category=shop,category=weekday,category=colour,numeric=price,target=buy`. */
export function writeTabularTaskCsv(path: string, rows: readonly TabularTaskRow[]): void {
  const lines = [
    'shop,weekday,colour,price,buy,spend',
    ...rows.map((r) => `${r.shop},${r.weekday},${r.colour},${r.price ?? ''},${r.buy},${r.spend}`),
  ];
  writeFileSync(path, lines.join('\n') + '\n');
}
