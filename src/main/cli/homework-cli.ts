/**
 * `cnn-studio homework make NETWORK [-o HOMEWORK] [--ask shape,params,…]` and
 * `cnn-studio grade HOMEWORK ANSWERS… [--json | --csv]`: homework for a class, graded in batch. Host-free
 * like the rest of the CLI: files come through `CliIo`.
 */
import { csvText } from '../../shared/export/csv';
import { parseAnswersFile, type AnswerField } from '../../shared/homework/answers';
import { gradeSheet, type Grade } from '../../shared/homework/grade';
import { HOMEWORK_EXTENSION, makeHomework, parseHomework, serializeHomework } from '../../shared/homework/homework-file';
import { readNetwork, type CliIo } from './cli';

const EXIT_OK = 0;
const EXIT_NETWORK_ERRORS = 1;
const EXIT_USAGE = 2;

/** `--ask` names: the CSV column names, or the short ones. */
const ASK_NAMES: Record<string, AnswerField> = {
  shape: 'output_shape',
  output_shape: 'output_shape',
  params: 'params',
  trainable: 'trainable_params',
  trainable_params: 'trainable_params',
  non_trainable: 'non_trainable_params',
  non_trainable_params: 'non_trainable_params',
  macs: 'macs',
  rf: 'receptive_field',
  receptive_field: 'receptive_field',
};

const baseName = (path: string) => (path.split(/[\\/]/).pop() ?? path).replace(/\.cnnstudio\.json$|\.json$/i, '');

export async function runHomeworkMake(args: string[], io: CliIo, usageError: (problem: string) => number): Promise<number> {
  let out: string | undefined;
  let ask: AnswerField[] | undefined;
  let force = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--out') out = args[++i];
    else if (a === '--ask') {
      const names = (args[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !ASK_NAMES[n]);
      if (unknown.length || !names.length) return usageError(`--ask takes ${Object.keys(ASK_NAMES).join(', ')} (got "${names.join(',')}").`);
      ask = names.map((n) => ASK_NAMES[n]!);
    } else if (a === '--force') force = true;
    else if (a.startsWith('-')) return usageError(`unknown option "${a}".`);
    else files.push(a);
  }
  if (files.length !== 1) return usageError(files.length ? `one NETWORK at a time (got ${files.length}).` : 'no NETWORK given.');
  if (!io.writeFile || !io.exists) return usageError('this host cannot write files.');
  const file = files[0]!;
  const imported = await readNetwork(file, io);
  if (!imported) return EXIT_USAGE;
  const made = makeHomework(imported.graph, { ...(ask ? { ask } : {}), title: imported.name ?? baseName(file) });
  if (!made.ok) {
    io.stderr(`cnn-studio: ${made.error}\n`);
    return EXIT_NETWORK_ERRORS;
  }
  const target = out ?? `${file.replace(/[^\\/]*$/, '')}${baseName(file)}.${HOMEWORK_EXTENSION}`;
  if (!force && (await io.exists(target))) {
    io.stderr(`cnn-studio: ${target} exists; nothing was written (use --force to overwrite).\n`);
    return EXIT_USAGE;
  }
  await io.writeFile(target, serializeHomework(made.homework));
  io.stdout(`wrote ${target} (asks ${made.homework.ask.join(', ')} of every layer but the input)\n`);
  return EXIT_OK;
}

function gradeTable(file: string, grade: Grade): string {
  const lines = [`${grade.student} (${file}): ${grade.score} / ${grade.maxScore}`];
  for (const a of grade.answers.filter((x) => !x.correct)) {
    lines.push(`  ${a.layer} ${a.field}: ${a.given === null ? 'unanswered' : `gave ${a.given}`}${a.problem ? ` (${a.problem})` : ''}, expected ${a.expected}`);
    for (const line of a.arithmetic) lines.push(`      ${line}`);
  }
  for (const p of grade.problems) lines.push(`  note: ${p}`);
  return lines.join('\n');
}

export async function runGrade(args: string[], io: CliIo, usageError: (problem: string) => number): Promise<number> {
  const json = args.includes('--json');
  const csv = args.includes('--csv');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json' && a !== '--csv');
  if (unknown.length) return usageError(`unknown option "${unknown[0]}".`);
  const [homeworkFile, ...answerPaths] = args.filter((a) => !a.startsWith('-'));
  if (!homeworkFile || !answerPaths.length) return usageError('grade needs a HOMEWORK and at least one ANSWERS file or folder.');
  let homeworkText: string;
  try {
    homeworkText = await io.readFile(homeworkFile);
  } catch (e) {
    io.stderr(`cnn-studio: cannot read ${homeworkFile}: ${(e as Error).message}.\n`);
    return EXIT_USAGE;
  }
  const homework = parseHomework(homeworkText, homeworkFile);
  if (!homework.ok) {
    io.stderr(`cnn-studio: ${homework.error}\n`);
    return EXIT_USAGE;
  }
  const files: string[] = [];
  for (const path of answerPaths) {
    const listed = io.listDir ? await io.listDir(path).catch(() => null) : null;
    if (listed)
      files.push(
        ...listed
          .filter((f) => /\.(csv|json)$/i.test(f))
          .sort()
          .map((f) => `${path.replace(/[\\/]$/, '')}/${f}`),
      );
    else files.push(path);
  }
  const graded: { file: string; grade: Grade }[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (e) {
      unreadable.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    const sheet = parseAnswersFile(text, file);
    if (typeof sheet === 'string') unreadable.push(sheet);
    else graded.push({ file, grade: gradeSheet(homework.value.network, homework.value.ask, sheet) });
  }
  const wrongByLayer = new Map<string, number>();
  for (const { grade } of graded) for (const a of grade.answers) if (!a.correct) wrongByLayer.set(a.layer, (wrongByLayer.get(a.layer) ?? 0) + 1);
  const mostWrong = [...wrongByLayer.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const scores = graded.map((g) => g.grade.score);
  const classSummary = {
    students: graded.length,
    max_score: graded[0]?.grade.maxScore ?? 0,
    mean_score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
    scores,
    most_often_wrong: mostWrong.map(([layer, count]) => ({ layer, count })),
    unreadable,
  };
  if (json) {
    const students = graded.map(({ file, grade }) => ({
      file,
      student: grade.student,
      score: grade.score,
      max_score: grade.maxScore,
      answers: grade.answers,
      problems: grade.problems,
    }));
    io.stdout(`${JSON.stringify({ homework: homework.value.title ?? homeworkFile, students, class: classSummary }, null, 2)}\n`);
  } else if (csv) {
    io.stdout(csvText([['student', 'file', 'score', 'max_score'], ...graded.map(({ file, grade }) => [grade.student, file, grade.score, grade.maxScore])]));
  } else {
    io.stdout(`${graded.map(({ file, grade }) => gradeTable(file, grade)).join('\n\n')}\n\n`);
    io.stdout(`Class: ${graded.length} graded, mean ${classSummary.mean_score.toFixed(1)} / ${classSummary.max_score}.`);
    io.stdout(mostWrong.length ? ` Most often wrong: ${mostWrong.map(([l, n]) => `${l} (${n})`).join(', ')}.\n` : '\n');
  }
  for (const u of unreadable) io.stderr(`cnn-studio: could not grade ${u}\n`);
  return unreadable.length ? EXIT_USAGE : EXIT_OK;
}
