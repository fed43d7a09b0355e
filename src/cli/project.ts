import type { Kysely } from 'kysely'
import { loadConfig, type ResolvedConfig } from '../project/load-config.js'
import type { ConnectOptions, Dialect } from '../dialects/dialect.js'
import { dialectForUrl, redactUrl } from '../dialects/registry.js'
import { TsmigError } from '../errors.js'
import { RevisionGraph } from '../revisions/graph.js'
import type { RevisionHeader } from '../revisions/revision-header.js'
import { scanRevisions } from '../project/scan-revisions.js'
import type { VersionTable } from '../runtime/version-table.js'

export class ConnectionError extends TsmigError {}

/** Flags every command takes. */
export interface GlobalOptions {
  readonly config?: string
  readonly url?: string
  readonly cwd?: string
}

export interface Revisions {
  readonly headers: readonly RevisionHeader[]
  readonly byId: ReadonlyMap<string, RevisionHeader>
  readonly graph: RevisionGraph
}

export interface Connection {
  readonly db: Kysely<any>
  readonly dialect: Dialect
  readonly versionTable: VersionTable
  close(): Promise<void>
}

/** A project: its config, its revisions (read lazily) and a database connection (opened on demand). */
export class Project {
  private constructor(readonly config: ResolvedConfig) {}

  static async open(options: GlobalOptions): Promise<Project> {
    return new Project(await loadConfig({ cwd: options.cwd, configFile: options.config, url: options.url }))
  }

  async revisions(): Promise<Revisions> {
    const headers = await scanRevisions(this.config.migrationsDir)
    const graph = RevisionGraph.build(
      headers.map((h) => ({ id: h.id, downRevisions: [...h.downRevisions], dependsOn: [...h.dependsOn], branchLabels: [...h.branchLabels], source: h.file })),
    )
    return { headers, byId: new Map(headers.map((h) => [h.id, h])), graph }
  }

  async dialect(): Promise<Dialect> {
    return dialectForUrl(this.config.url)
  }

  /**
   * Connect and make sure the server answers, so a bad URL fails before anything runs.
   * A missing SQLite file is an error unless the command says otherwise (`missing`):
   * a command that only reads must not leave an empty database behind.
   */
  async connect(options: ConnectOptions = {}): Promise<Connection> {
    // Imported here, not at the top: the graph commands open a project without connecting and must not load Kysely.
    const [{ sql }, { VersionTable }, dialect] = await Promise.all([import('kysely'), import('../runtime/version-table.js'), this.dialect()])
    let db: Kysely<any> | undefined
    try {
      db = await dialect.connect(this.config.url, this.config.configDir, { missing: options.missing ?? 'fail' })
      await sql`select 1`.execute(db)
    } catch (error) {
      await db?.destroy().catch(() => undefined)
      if (error instanceof TsmigError) throw error // the dialect already named the server
      const reason = (error as Error).message?.split('\n')[0] || String(error)
      throw new ConnectionError(`cannot connect to ${redactUrl(this.config.url)}: ${reason}`, { cause: error })
    }
    const connected = db
    return {
      db: connected,
      dialect,
      versionTable: new VersionTable(dialect, this.config.versionTable),
      close: () => connected.destroy(),
    }
  }
}

/** Open a connection for the length of `work`, closing it whatever happens. */
export async function withConnection<T>(project: Project, work: (connection: Connection) => Promise<T>, options?: ConnectOptions): Promise<T> {
  const connection = await project.connect(options)
  try {
    return await work(connection)
  } finally {
    await connection.close()
  }
}
