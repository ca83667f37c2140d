// Types of what test/kernel/labs/driver.mjs records, and the renderer that
// turns one run into docs/labs.md (LABS_DOC=docs/labs.md when running
// test/kernel/labs.test.ts): every command and output in the guide is the
// one that run produced.

export interface Out {
  stdout: string;
  stderr: string;
  status: number | null;
  error?: string;
}
export interface NoteStep {
  kind: 'note';
  n: number;
  text: string;
}
export interface ShStep extends Out {
  kind: 'sh';
  n: number;
  id: string;
  script: string;
  show: boolean;
}
export interface IpvsadmStep extends Out {
  kind: 'ipvsadm';
  n: number;
  id: string;
  cmd: string;
  /** stdout went to a file (`> file`). */
  toFile?: boolean;
}
export interface ListStep {
  kind: 'list';
  n: number;
  id: string;
  cmd: string;
  ours: Out;
  debian: Out;
  attempts: number;
  /** Which tool listed first in the last attempt. */
  first: 'ours' | 'debian';
  result: 'exact' | 'masked' | 'differs';
  ticking: false | 'conn' | 'rate';
}
export interface TrafficStep extends Out {
  kind: 'traffic';
  n: number;
  id: string;
  cmd: string;
  src: string;
  port: number;
  answers: string[];
}
export type Step = NoteStep | ShStep | IpvsadmStep | ListStep | TrafficStep;
export interface Lab {
  id: string;
  title: string;
  steps: Step[];
  ms: number;
  crash?: string;
  savedRules?: string;
}
export interface LabsOutput {
  labs: Lab[];
  ms: number;
}

const MAX_LINES = 14;

function clip(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= MAX_LINES) return lines.join('\n');
  return [...lines.slice(0, MAX_LINES - 2), `… (${lines.length - (MAX_LINES - 2)} more lines)`].join('\n');
}

/**
 * -c listings: the header, every entry that is not TIME_WAIT (templates,
 * live connections) and the first few TIME_WAIT entries, in their order,
 * with a marked gap for the entries left out.
 */
function clipConns(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= MAX_LINES) return lines.join('\n');
  const shown: string[] = [];
  let waits = 0;
  let gap = 0;
  for (const [i, l] of lines.entries()) {
    const keep = i < 2 || !/ TIME_WAIT /.test(l) || waits++ < 6;
    if (keep) {
      if (gap > 0) shown.push(`… (${gap} more TIME_WAIT entries)`);
      gap = 0;
      shown.push(l);
    } else gap++;
  }
  if (gap > 0) shown.push(`… (${gap} more TIME_WAIT entries)`);
  return shown.join('\n');
}

const PREAMBLE = `# The classic LVS labs with this ipvsadm

Four classic Linux Virtual Server set-ups, as a user would follow them, with
real HTTP traffic through the kernel's IPVS: LVS-NAT, LVS-DR with a firewall
mark, LVS-TUN, and persistence (PCC, PPC, PFM).

Everything below, every command and every output, was captured from one run
of the automated test \`test/kernel/labs.test.ts\` (which boots Debian's
user-mode Linux 6.1 kernel with IPVS, see \`test/kernel/uml.ts\`; the labs
themselves are \`test/kernel/labs/driver.mjs\`). Regenerate this file with

    npm run build && LABS_DOC=docs/labs.md npx vitest run test/kernel/labs.test.ts

Every \`ipvsadm\` command shown was run with this project's ipvsadm. Every
listing was also taken with Debian's ipvsadm 1.31 right after it, on the same
live state, and the test requires the two outputs to be identical. Counters
and rates (refreshed by the kernel every 2 seconds) and connection expiry
timers (counting down every second) can move between the two listings: the
test then lists again, up to six times, and only if every attempt differed
does it accept a difference confined to those ticking fields (for \`-c\`, the
later listing's expiry exactly one second lower on some lines). Long
connection listings are shortened here (marked with …); the test compares
them in full.

Lines starting with \`#\` are commands on the director; \`client#\` lines run
in the client's network namespace (\`ip netns exec client ...\`).
`;

/** Renders one run of the labs as a Markdown guide. */
export function renderLabsDoc(out: LabsOutput): string {
  const parts: string[] = [PREAMBLE];
  for (const lab of out.labs) {
    parts.push(`## ${lab.title}\n`);
    let block: string[] = [];
    const flush = (): void => {
      if (block.length > 0) parts.push('```console\n' + block.join('\n') + '\n```\n');
      block = [];
    };
    for (const s of lab.steps) {
      switch (s.kind) {
        case 'note':
          flush();
          parts.push(s.text.trim() + '\n');
          break;
        case 'sh':
          if (!s.show) break;
          flush();
          parts.push('```sh\n' + s.script + '\n```\n');
          if (s.stdout.trim() !== '') parts.push('```console\n' + clip(s.stdout) + '\n```\n');
          break;
        case 'ipvsadm':
          block.push(`# ${s.cmd}`);
          if (s.stderr !== '' || (s.stdout !== '' && !s.toFile)) block.push(clip((s.toFile ? '' : s.stdout) + s.stderr));
          break;
        case 'list':
          block.push(`# ${s.cmd}`);
          block.push(s.ticking === 'conn' ? clipConns(s.ours.stdout) : clip(s.ours.stdout + s.ours.stderr));
          break;
        case 'traffic':
          block.push(`client# ${s.cmd}`);
          block.push(clip(s.stdout));
          break;
      }
    }
    flush();
  }
  return parts.join('\n');
}
