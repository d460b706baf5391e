/**
 * The homework being done: the homework (its network is the open document, locked), the learner's
 * progress, and the last check. Progress is written to local storage on every change, per homework,
 * so a restart (or reopening the same homework) brings it back.
 */
import { create } from 'zustand';
import { answersCsv, answersJson, type AnswerField } from '../../../shared/homework/answers';
import { gradeSheet, type Grade } from '../../../shared/homework/grade';
import {
  makeHomework,
  parseHomework,
  serializeHomework,
  HOMEWORK_EXTENSION,
  type Homework,
  type HomeworkOptions,
} from '../../../shared/homework/homework-file';
import { randomExercise, type Difficulty } from '../../../shared/homework/exercise';
import { answerKey, emptyProgress, homeworkKey, sheetOf, type HomeworkProgress } from '../../../shared/homework/session';
import { autoLayout } from '../../../shared/editing/layout';
import { documentBaseName, safeFileStem } from '../../../shared/project/file-names';
import { useDocumentStore } from './document-store';
import { saveExport } from './export';
import { showNotice } from './notice-store';
import { registerHomeworkOpener, useProjectStore } from './project-store';
import { useUiStore } from './ui-store';
import { localStore } from './local-storage';

export interface HomeworkSession {
  homework: Homework;
  /** The homework file's name (or `Exercise 2 · seed 123`). */
  fileName: string;
  key: string;
  progress: HomeworkProgress;
  /** The grade of the last check (recomputed from the answers; never stored). */
  grade: Grade | null;
}

interface HomeworkState {
  session: HomeworkSession | null;
  /** Which homework dialog is open. */
  dialog: 'make' | 'exercise' | null;
  setDialog(dialog: HomeworkState['dialog']): void;
  /** Opens a homework: its network becomes the (locked) document; earlier progress on it comes back. */
  start(homework: Homework, fileName: string): void;
  setAnswer(layer: string, field: AnswerField, text: string): void;
  setStudent(name: string): void;
  check(): void;
  /** Opens the next hint of a wrong answer (formula → numbers → answer). */
  nextHint(layer: string, field: AnswerField): void;
  leave(): void;
  saveAnswers(format: 'json' | 'csv'): Promise<void>;
  /** The teacher's side: a homework of the open network, saved as `*.cnnhomework.json`. */
  saveHomework(options: HomeworkOptions): Promise<void>;
  newExercise(seed: number, difficulty: Difficulty): void;
  /** At start-up: the homework that was open when the app closed, with its progress. */
  restore(): void;
}

/** `hw1.cnnhomework.json` → `hw1`. */
const homeworkStem = (fileName: string) => fileName.replace(/\.cnnhomework\.json$|\.json$/i, '');

const STORAGE_KEY = 'cnn-studio.homework.v1';

interface Stored {
  active: { homework: string; fileName: string } | null;
  progress: Record<string, HomeworkProgress>;
}

function readStored(): Stored {
  try {
    const parsed = JSON.parse(localStore()?.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    if (parsed && typeof parsed === 'object' && parsed.progress && typeof parsed.progress === 'object') return parsed;
  } catch {
    // A damaged slot is dropped: progress is a convenience, the homework file is the source.
  }
  return { active: null, progress: {} };
}

function writeStored(update: (stored: Stored) => Stored): void {
  try {
    localStore()?.setItem(STORAGE_KEY, JSON.stringify(update(readStored())));
  } catch {
    showNotice({ kind: 'error', text: 'Your homework progress could not be kept (the browser storage is full); save your answers to keep them.' });
  }
}

function regrade(session: Omit<HomeworkSession, 'grade'>): Grade | null {
  if (!session.progress.checked) return null;
  return gradeSheet(session.homework.network, session.homework.ask, sheetOf(session.progress));
}

export const useHomeworkStore = create<HomeworkState>()((set, get) => {
  function update(change: (progress: HomeworkProgress) => HomeworkProgress, regradeNow = false): void {
    const session = get().session;
    if (!session) return;
    const progress = change(session.progress);
    const next = { ...session, progress };
    // Marks stay those of the last Check (an answer edited since shows unmarked until the next one).
    set({ session: { ...next, grade: regradeNow ? regrade(next) : session.grade } });
    writeStored((s) => ({ ...s, progress: { ...s.progress, [session.key]: progress } }));
  }

  function open(homework: Homework, fileName: string, remember: boolean): void {
    const key = homeworkKey(homework);
    const progress = readStored().progress[key] ?? emptyProgress();
    // Laid out afresh: each node grows a row per asked value.
    const graph = autoLayout(homework.network, { nodeHeight: 64 + 26 * homework.ask.length });
    useProjectStore.getState().openHomeworkDocument({ ...homework, network: graph }, fileName);
    const session = { homework: { ...homework, network: graph }, fileName, key, progress };
    set({ session: { ...session, grade: regrade(session) }, dialog: null });
    useDocumentStore.getState().setLocked(true, 'homework');
    // Fit again: the canvas widens once the palette goes away.
    useDocumentStore.setState((d) => ({ graphRevision: d.graphRevision + 1 }));
    useUiStore.getState().setView('editor');
    useUiStore.getState().setSidebarTab('design');
    if (remember) writeStored((s) => ({ ...s, active: { homework: serializeHomework(homework), fileName } }));
  }

  return {
    session: null,
    dialog: null,
    setDialog: (dialog) => set({ dialog }),

    start: (homework, fileName) => open(homework, fileName, true),

    setAnswer(layer, field, text) {
      // An edited answer is no longer marked: its old mark (and hints) would be about another value.
      update((p) => {
        const hints = { ...p.hints };
        delete hints[answerKey(layer, field)];
        return { ...p, answers: { ...p.answers, [layer]: { ...p.answers[layer], [field]: text } }, hints };
      });
    },

    setStudent: (student) => update((p) => ({ ...p, student })),

    check: () => update((p) => ({ ...p, checked: true }), true),

    nextHint(layer, field) {
      if (!get().session?.homework.hints) return;
      const key = answerKey(layer, field);
      update((p) => ({ ...p, hints: { ...p.hints, [key]: Math.min(3, (p.hints[key] ?? 0) + 1) } }));
    },

    leave() {
      set({ session: null });
      useDocumentStore.getState().setLocked(false, 'homework');
      writeStored((s) => ({ ...s, active: null }));
      showNotice({ kind: 'info', text: 'Left the homework: its network stays open to explore (its answers are in the summary now). Your progress is kept.' });
    },

    async saveAnswers(format) {
      const session = get().session;
      if (!session) return;
      const sheet = sheetOf(session.progress);
      const stem = safeFileStem(`${homeworkStem(session.fileName)}-${sheet.student}`);
      const text = format === 'csv' ? answersCsv(sheet, session.homework.ask) : answersJson(sheet, session.homework.title);
      await saveExport({ ok: true, files: [{ name: `${stem}.answers.${format}`, text }] }, 'answers');
    },

    async saveHomework(options) {
      const project = useProjectStore.getState();
      const made = makeHomework(useDocumentStore.getState().graph, { title: options.title || documentBaseName(project.fileName), ...options });
      if (!made.ok) return showNotice({ kind: 'error', text: made.error });
      set({ dialog: null });
      const stem = safeFileStem(made.homework.title ?? documentBaseName(project.fileName));
      await saveExport({ ok: true, files: [{ name: `${stem}.${HOMEWORK_EXTENSION}`, text: serializeHomework(made.homework) }] }, 'homework');
    },

    newExercise(seed, difficulty) {
      const made = makeHomework(randomExercise(seed, difficulty), { title: `Exercise ${difficulty} · seed ${seed}` });
      if (!made.ok) return showNotice({ kind: 'error', text: made.error });
      open(made.homework, `Exercise ${difficulty} · seed ${seed}`, true);
    },

    restore() {
      const active = readStored().active;
      if (!active) return;
      const parsed = parseHomework(active.homework, active.fileName);
      if (parsed.ok) open(parsed.value, active.fileName, false);
      else writeStored((s) => ({ ...s, active: null }));
    },
  };
});

// Open… and Recent hand homework files here (the project store cannot import this store: it is imported by it).
registerHomeworkOpener((homework, fileName) => useHomeworkStore.getState().start(homework, fileName));
