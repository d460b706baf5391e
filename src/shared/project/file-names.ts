/** The names exports are given, from the project's file name (one place for the rules). */
import { PROJECT_EXTENSION } from './project-file';

/** "Fashion-MNIST CNN.cnnstudio.json" → "Fashion-MNIST CNN". */
export function documentBaseName(fileName: string): string {
  return fileName.endsWith(`.${PROJECT_EXTENSION}`) ? fileName.slice(0, -(PROJECT_EXTENSION.length + 1)) : fileName;
}

/** A base name safe in any file system and URL: runs of other characters become "_" ("model" if nothing is left). */
export function safeFileStem(fileName: string): string {
  return documentBaseName(fileName).replace(/[^A-Za-z0-9_.-]+/g, '_') || 'model';
}

/** A name Keras accepts for a model: letters, digits and "_" only, one "_" per other character. */
export function kerasModelName(fileName: string): string {
  return documentBaseName(fileName).replace(/[^A-Za-z0-9_]/g, '_') || 'model';
}
