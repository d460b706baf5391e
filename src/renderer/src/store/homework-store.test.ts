// The homework store under plain Node with a fake host: opening a homework locks its network (a run
// ending does not unlock it), answers are graded on Check only, hints open in order, and leaving unlocks.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppApi, OpenProjectResult } from '../../../shared/api/app-api';
import { makeHomework, serializeHomework } from '../../../shared/homework/homework-file';
import { homeworkNet } from '../../../shared/templates/course-networks';
import { useDocumentStore } from './document-store';
import { useHomeworkStore } from './homework-store';
import { setHost } from './host';
import { useNoticeStore } from './notice-store';
import { useProjectStore } from './project-store';

const made = makeHomework(homeworkNet(), { title: 'HW' });
if (!made.ok) throw new Error(made.error);
const homework = made.homework;

const exportFiles = vi.fn(async (files: { name: string }[]) => ({ status: 'saved' as const, name: files[0]!.name, path: `/tmp/${files[0]!.name}` }));
function host(opened?: OpenProjectResult): AppApi {
  return {
    host: 'browser',
    openProject: vi.fn(async () => opened ?? { status: 'canceled' }),
    listRecent: vi.fn(async () => []),
    exportFiles,
  } as unknown as AppApi;
}

beforeEach(() => {
  useDocumentStore.setState(useDocumentStore.getInitialState(), true);
  useProjectStore.setState(useProjectStore.getInitialState(), true);
  useHomeworkStore.setState(useHomeworkStore.getInitialState(), true);
  useNoticeStore.setState(useNoticeStore.getInitialState(), true);
  exportFiles.mockClear();
  setHost(host());
});

const hw = () => useHomeworkStore.getState();
const doc = () => useDocumentStore.getState();

describe('homework store', () => {
  it('Open hands a homework file to the homework: its network is the document, locked', async () => {
    setHost(host({ status: 'opened', opened: { name: 'hw.cnnhomework.json', graph: homework.network, source: 'homework', warnings: [], homework } }));
    await useProjectStore.getState().openProject();
    expect(hw().session?.fileName).toBe('hw.cnnhomework.json');
    expect(doc().graph.nodes.map((n) => n.name)).toEqual(homework.network.nodes.map((n) => n.name));
    expect(doc().locked).toBe(true);
    doc().setLocked(false, 'training');
    expect(doc().locked).toBe(true);
    doc().deleteSelection();
    doc().applyEdit(() => ({ nodes: [], edges: [] }));
    expect(doc().graph.nodes.length).toBe(homework.network.nodes.length);
    expect(useNoticeStore.getState().notice?.text).toMatch(/homework cannot be changed/);
  });

  it('grades on Check; an answer edited since shows unmarked; hints open formula → numbers → answer', () => {
    hw().start(homework, 'hw.cnnhomework.json');
    hw().setAnswer('conv2d', 'output_shape', '16x16x8');
    hw().setAnswer('conv2d_1', 'params', '1152');
    expect(hw().session?.grade).toBeNull();
    hw().check();
    const grade = hw().session!.grade!;
    expect([grade.score, grade.maxScore]).toEqual([1, 8]);
    hw().nextHint('conv2d_1', 'params');
    hw().nextHint('conv2d_1', 'params');
    expect(hw().session!.progress.hints['conv2d_1/params']).toBe(2);
    hw().setAnswer('conv2d_1', 'params', '1168');
    expect(hw().session!.progress.hints['conv2d_1/params']).toBeUndefined();
    expect(hw().session!.grade!.score).toBe(1);
    hw().check();
    expect(hw().session!.grade!.score).toBe(2);
  });

  it('saves the answers as JSON and CSV, named after the homework and the learner', async () => {
    hw().start(homework, 'hw1.cnnhomework.json');
    hw().setStudent('Ada L');
    hw().setAnswer('conv2d', 'params', '224');
    await hw().saveAnswers('json');
    await hw().saveAnswers('csv');
    const [json, csv] = exportFiles.mock.calls.map((c) => (c[0] as { name: string; text: string }[])[0]!);
    expect(json!.name).toBe('hw1-Ada_L.answers.json');
    expect(JSON.parse(json!.text)).toMatchObject({ student: 'Ada L', rows: [{ layer: 'conv2d', values: { params: '224' } }] });
    expect(csv!.name).toBe('hw1-Ada_L.answers.csv');
    expect(csv!.text).toContain('conv2d,,224');
  });

  it('Make homework saves the open network with what is asked, never the answers', async () => {
    useProjectStore.getState().loadGraph(homeworkNet(), 'net.cnnstudio.json');
    await hw().saveHomework({ title: 'Week 3', ask: ['params'], hints: false });
    const file = (exportFiles.mock.calls[0]![0] as { name: string; text: string }[])[0]!;
    expect(file.name).toBe('Week_3.cnnhomework.json');
    expect(JSON.parse(file.text)).toMatchObject({ format: 'cnn-studio-homework', title: 'Week 3', ask: ['params'], hints: false });
    expect(file.text).not.toMatch(/1,168|1168/);
  });

  it('leaving unlocks the network; the same exercise seed gives the same network', () => {
    hw().newExercise(77, 2);
    const names = doc().graph.nodes.map((n) => `${n.type}:${JSON.stringify(n.params)}`);
    hw().leave();
    expect(doc().locked).toBe(false);
    hw().newExercise(77, 2);
    expect(doc().graph.nodes.map((n) => `${n.type}:${JSON.stringify(n.params)}`)).toEqual(names);
    expect(serializeHomework(hw().session!.homework)).toContain('Exercise 2 · seed 77');
  });
});
