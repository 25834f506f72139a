// `npm run bench [-- --only digits,training,cluster]`: runs each benchmark section and prints Markdown for BENCHMARKS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** A section measures ours against its comparison in the same run and returns a Markdown block. */
export type BenchSection = () => Promise<string>;

const sections: Record<string, () => Promise<{ bench: BenchSection }>> = {
  // Registered by each area's module; a missing module is an error, not a silent skip.
  training: () => import('./training'),
  digits: () => import('./digits'),
  cluster: () => import('./cluster'),
};

const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
const names = values.only ? values.only.split(',') : Object.keys(sections);
const unknown = names.filter((n) => !(n in sections));
if (unknown.length > 0) {
  console.error(`unknown section(s): ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}

const blocks: string[] = [];
for (const name of names) {
  console.error(`== ${name}`);
  const { bench } = await sections[name]();
  blocks.push(await bench());
}
const report = `${blocks.join('\n\n')}\n`;
mkdirSync('bench-output', { recursive: true });
writeFileSync(`bench-output/${names.join('+')}.md`, report);
console.log(report);
