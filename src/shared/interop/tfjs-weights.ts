/**
 * The weights of a TensorFlow.js layers model (`model.json` + its `.bin` shards), by graph node: each
 * manifest entry is `<layer>/<weight>` (possibly with a model prefix), the shards of a group are one
 * buffer in the order the manifest lists them, and entries follow each other in it.
 */
import { z } from 'zod';
import { describeIssues } from '../api/schemas';
import type { NetworkGraph } from '../graph/graph';
import type { NodeTensor } from '../project/weights';

/** The manifest as tfjs writes it; checked before any shard is read, so a damaged one is refused with its place. */
const manifestSchema = z
  .array(
    z.object({
      paths: z.array(z.string().max(1000)).max(10_000),
      weights: z
        .array(
          z.object({
            name: z.string().min(1).max(1000),
            shape: z.array(z.number().int().min(0)).max(8),
            dtype: z.string().max(100),
            quantization: z.unknown().optional(),
          }),
        )
        .max(100_000),
    }),
  )
  .max(10_000);

type ManifestGroup = z.infer<typeof manifestSchema>[number];

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The shard file names a manifest needs (what to ask the user for, or read beside the model file). */
export function manifestFiles(manifest: unknown): string[] {
  if (!Array.isArray(manifest)) return [];
  return manifest.flatMap((g: Partial<ManifestGroup> | null) =>
    Array.isArray(g?.paths) ? g.paths.filter((p): p is string => typeof p === 'string').map(fileName) : [],
  );
}

/**
 * Decodes the weights for the graph imported from the same file. Throws with what is wrong (a missing
 * shard, a short file, an unsupported encoding); entries whose layer is not in the graph are skipped.
 */
export function readTfjsWeights(manifest: unknown, files: ReadonlyMap<string, ArrayBuffer>, graph: NetworkGraph): NodeTensor[] {
  if (!Array.isArray(manifest)) throw new Error('"weightsManifest" must be a list of weight groups.');
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success) throw new Error(`"weightsManifest" is damaged: ${describeIssues(checked.error)}.`);
  const byName = new Map(graph.nodes.map((n) => [n.name, n.id]));
  const out: NodeTensor[] = [];
  for (const group of checked.data as ManifestGroup[]) {
    const shards = group.paths.map((path) => {
      const buffer = files.get(fileName(path));
      if (!buffer) throw new Error(`the weight file "${fileName(path)}" is missing: open it together with the model file.`);
      return new Uint8Array(buffer);
    });
    const bytes = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
    let at = 0;
    for (const shard of shards) {
      bytes.set(shard, at);
      at += shard.length;
    }
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.quantization) throw new Error(`"${spec.name}" is quantized; only float32 weights can be imported.`);
      if (spec.dtype !== 'float32' && spec.dtype !== 'int32') throw new Error(`"${spec.name}" is ${spec.dtype}; only float32 weights can be imported.`);
      const count = spec.shape.reduce((a, b) => a * b, 1);
      if (offset + count * 4 > bytes.length)
        throw new Error(`the weight files end before "${spec.name}" (${bytes.length} bytes): they do not belong to this model.json.`);
      const view = new DataView(bytes.buffer, offset, count * 4);
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = spec.dtype === 'float32' ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true);
      offset += count * 4;
      const parts = spec.name.split('/');
      const nodeId = byName.get(parts.at(-2) ?? '');
      if (nodeId) out.push({ nodeId, name: parts.at(-1)!, shape: spec.shape, values });
    }
  }
  return out;
}
