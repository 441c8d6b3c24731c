import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The source of a third-party plugin written as a user would, importing only `asset-forge`:
 * a service with an injected dependency, a model, a migration, a cron job and routes.
 */
const FILES: Record<string, string> = {
  'tokens.ts': `
import type { ServiceIdentifier } from 'asset-forge';
import type { NoteService } from './note.service.ts';
export const NOTES = {
  service: Symbol.for('notes.service') as ServiceIdentifier<NoteService>,
  prefix: Symbol.for('notes.prefix') as ServiceIdentifier<string>,
};
`,
  'note.model.ts': `
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'asset-forge';
export class Note extends Model<InferAttributes<Note>, InferCreationAttributes<Note>> {
  declare id: CreationOptional<number>;
  declare text: string;
}
export function defineNoteModel(sequelize: Sequelize): void {
  Note.init(
    { id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }, text: { type: DataTypes.STRING(200), allowNull: false } },
    { sequelize, tableName: 'ext_notes', timestamps: false },
  );
}
`,
  'note.service.ts': `
import { inject, injectable, NotFoundError } from 'asset-forge';
import { Note } from './note.model.ts';
import { NOTES } from './tokens.ts';
@injectable()
export class NoteService {
  sweeps = 0;
  constructor(@inject(NOTES.prefix) private readonly prefix: string) {}
  async add(text: string): Promise<{ id: number; text: string }> {
    const note = await Note.create({ text: this.prefix + text });
    return { id: note.id, text: note.text };
  }
  async get(id: number): Promise<{ id: number; text: string }> {
    const note = await Note.findByPk(id);
    if (!note) throw new NotFoundError('Note', String(id));
    return { id: note.id, text: note.text };
  }
  async sweep(): Promise<void> {
    this.sweeps += 1;
  }
}
`,
  'notes.routes.ts': `
import { ApiRouter, z } from 'asset-forge';
import type { NoteService } from './note.service.ts';
const note = z.object({ id: z.number().int(), text: z.string() });
export function notesRoutes(notes: NoteService): ApiRouter {
  return new ApiRouter()
    .route(
      { method: 'post', path: '/api/notes', summary: 'Add a note', tags: ['notes'], body: z.strictObject({ text: z.string().min(1) }), responses: { 201: { description: 'The note', schema: note } } },
      ({ body }) => notes.add(body.text),
    )
    .route(
      { method: 'get', path: '/api/notes/:id', summary: 'A note', tags: ['notes'], params: z.object({ id: z.coerce.number().int() }), responses: { 200: { description: 'The note', schema: note } } },
      ({ params }) => notes.get(params.id),
    )
    .route(
      { method: 'get', path: '/api/notes-sweeps', summary: 'Sweeps so far', tags: ['notes'], responses: { 200: { description: 'Count', schema: z.object({ sweeps: z.number().int() }) } } },
      () => ({ sweeps: notes.sweeps }),
    );
}
`,
  'index.ts': `
import { ContainerModule, definePlugin } from 'asset-forge';
import { defineNoteModel } from './note.model.ts';
import { NoteService } from './note.service.ts';
import { notesRoutes } from './notes.routes.ts';
import { NOTES } from './tokens.ts';
export default definePlugin({
  id: 'notes',
  containerModule: new ContainerModule(({ bind }) => {
    bind(NOTES.prefix).toConstantValue('note: ');
    bind(NOTES.service).to(NoteService).inSingletonScope();
  }),
  models: defineNoteModel,
  migrations: new URL('./migrations', import.meta.url).pathname,
  init({ http, jobs, container }) {
    const notes = container.get(NOTES.service);
    http.use(notesRoutes(notes));
    jobs.schedule({ name: 'notes.sweep', schedule: '0 3 * * *', run: () => notes.sweep() });
  },
});
`,
  'migrations/1000-ext-notes.cjs': `
'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('ext_notes', {
      id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true },
      text: { type: Sequelize.STRING(200), allowNull: false },
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('ext_notes');
  },
};
`,
};

/** Writes the plugin into `dir`; with `packageName`, as an npm package (package.json with exports). */
export async function writeNotesPlugin(dir: string, packageName?: string): Promise<void> {
  for (const [name, source] of Object.entries(FILES)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), source.trimStart());
  }
  if (packageName) {
    const manifest = { name: packageName, version: '1.0.0', type: 'module', exports: './index.ts' };
    await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  }
}
