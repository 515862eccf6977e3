import { ConfigError } from '../config/config-error.ts'
import { OllamaError } from '../errors/ollama-error.ts'
import { findUpstreamModel } from '../translate/find-upstream-model.ts'
import type { Backend } from './backend.ts'
import { type AccessScope, modelAccess } from './model-access.ts'
import type { CatalogState, ModelCatalog } from './model-catalog.ts'
import type { ModelAccess, ModelRoute } from './model-router.ts'
import type { AliasSpec, FallbackSpec, RouteDefaults } from './routing-spec.ts'

/** A backend as the table routes to it: its models, and the prefix of their names. */
export interface BackendEntry {
  backend: Backend
  catalog: ModelCatalog
  /** Put before its model ids in the names clients see. */
  prefix: string
}

/** The lookup key of a model name: case and surrounding space do not matter. */
const keyOf = (name: string) => name.trim().toLowerCase()
/** The same key without the `:latest` tag Ollama clients add. */
const untagged = (key: string) => key.replace(/:latest$/, '')

/** Names whose routes an index keeps, at most (clients' names are many only when they misspell). */
const maxResolved = 1000

/** Aliases may point at aliases; this deep at most (a cycle is refused when the table is made). */
const maxAliasDepth = 8

/**
 * What the configuration routes: backends in order, aliases and fallback chains. Immutable: a
 * reload makes a new table. Routes are resolved over a `ModelIndex`, the table's view of its
 * backends' model lists at one moment.
 */
export class RoutingTable {
  readonly entries: readonly BackendEntry[]
  readonly aliases: ReadonlyMap<string, AliasSpec>
  readonly fallbacks: ReadonlyMap<string, FallbackSpec>
  /** What each client key may use, by its name; a key not here may use everything. */
  readonly clients: ReadonlyMap<string, ModelAccess>
  readonly #byId: ReadonlyMap<string, BackendEntry>

  /** Throws a ConfigError when aliases point at each other in a cycle. */
  constructor(
    entries: BackendEntry[],
    aliases: AliasSpec[],
    fallbacks: FallbackSpec[],
    clients: Record<string, AccessScope> = {},
  ) {
    this.entries = entries
    this.clients = new Map(
      Object.entries(clients).map(([name, scope]) => [name, modelAccess(scope)]),
    )
    this.#byId = new Map(entries.map((entry) => [keyOf(entry.backend.id), entry]))
    this.aliases = new Map(aliases.map((alias) => [untagged(keyOf(alias.name)), alias]))
    this.fallbacks = new Map(fallbacks.map((chain) => [untagged(keyOf(chain.name)), chain]))
    for (const alias of aliases) this.#checkChain(alias)
  }

  /** The table's routes over its backends' catalog states (one per entry, in order). */
  index(states: readonly CatalogState[]): ModelIndex {
    return new ModelIndex(this, states)
  }

  entryById(id: string): BackendEntry | undefined {
    return this.#byId.get(keyOf(id))
  }

  #checkChain(alias: AliasSpec): void {
    const seen = [alias.name]
    for (let next = this.aliases.get(untagged(keyOf(alias.target))); next; ) {
      if (seen.includes(next.name) || seen.length > maxAliasDepth) {
        throw new ConfigError(
          `aliases.${alias.name}: the aliases point at each other: ${[...seen, next.name].join(' → ')}`,
        )
      }
      seen.push(next.name)
      next = this.aliases.get(untagged(keyOf(next.target)))
    }
  }
}

/** A name offered by two backends: the first in configured order serves it. */
export interface NameCollision {
  name: string
  servedBy: string
  alsoOfferedBy: string
}

/** The routes of a table at one moment: every listed name, and how other names resolve. */
export class ModelIndex {
  readonly states: readonly CatalogState[]
  /** Listed names by key, the first backend's in configured order. */
  readonly #listed = new Map<string, ModelRoute>()
  readonly #table: RoutingTable
  readonly collisions: NameCollision[] = []
  /** Routes of the names resolved so far (the index never changes): at most `maxResolved`. */
  readonly #resolved = new Map<string, ModelRoute[]>()
  /** When no backend has a list: why the first one has none (what a single backend would answer). */
  readonly failure: OllamaError | undefined

  constructor(table: RoutingTable, states: readonly CatalogState[]) {
    this.#table = table
    this.states = states
    this.failure = states.some((state) => state.available) ? undefined : states[0]?.error
    table.entries.forEach((entry, position) => {
      for (const model of states[position]?.models ?? []) {
        const name = entry.prefix + model.id
        const key = keyOf(name)
        const taken = this.#listed.get(key)
        if (taken) {
          this.collisions.push({
            name,
            servedBy: taken.backend.id,
            alsoOfferedBy: entry.backend.id,
          })
        } else {
          this.#listed.set(key, { name, backend: entry.backend, model, known: true })
        }
      }
    })
  }

  /**
   * The routes for a client's model name: an alias, a listed name, a name with a backend's prefix
   * or `<backend>/<model id>`, then the name's fallbacks; the primary route is left out when it
   * cannot be resolved but a fallback can. Throws 404 when none resolves.
   */
  resolve(name: string): ModelRoute[] {
    const known = this.#resolved.get(name)
    if (known) return known
    const routes = this.#resolve(name)
    if (this.#resolved.size >= maxResolved) this.#resolved.clear()
    this.#resolved.set(name, routes)
    return routes
  }

  #resolve(name: string): ModelRoute[] {
    const key = keyOf(name)
    const alias = this.#alias(key)
    const resolved = alias ? this.#followAlias(alias) : { route: this.#target(key, name, false) }
    const primary = resolved.route
    // The chain of the name asked for, then that of the model it stands for (an alias's target,
    // a listed name asked for as <backend>/<id>).
    const chains = [key, ...(primary ? [keyOf(primary.name)] : [])]
      .filter((chainKey, position, all) => all.indexOf(chainKey) === position)
      .map((chainKey) => this.#table.fallbacks.get(untagged(chainKey)))
    const routes: ModelRoute[] = primary ? [primary] : []
    for (const target of chains.flatMap((chain) => chain?.targets ?? [])) {
      const route = this.#primary(target)
      if (route && !routes.some((other) => sameTarget(other, route))) routes.push(route)
    }
    if (routes.length === 0) throw notOffered(name, alias)
    const canonical = alias?.name ?? primary?.name ?? chains[0]?.name ?? name.trim()
    const defaults = alias ? resolved.defaults : undefined
    return routes.map((route) => ({ ...route, name: canonical, ...(defaults && { defaults }) }))
  }

  /** Every listed name, in configured order, then every alias that resolves. */
  list(): ModelRoute[] {
    const routes = [...this.#listed.values()]
    for (const alias of this.#table.aliases.values()) {
      const [route] = this.#tryResolve(alias.name)
      if (route) routes.push(route)
    }
    return routes
  }

  #tryResolve(name: string): ModelRoute[] {
    try {
      return this.resolve(name)
    } catch {
      return []
    }
  }

  #alias(key: string): AliasSpec | undefined {
    return this.#table.aliases.get(key) ?? this.#table.aliases.get(untagged(key))
  }

  /** An alias's route (its final target's, through aliases of aliases), its merged defaults. */
  #followAlias(alias: AliasSpec): { route?: ModelRoute; defaults?: RouteDefaults } {
    let defaults = alias.defaults
    let current = alias
    for (
      let next = this.#alias(keyOf(current.target));
      next;
      next = this.#alias(keyOf(current.target))
    ) {
      defaults = mergeDefaults(next.defaults, defaults)
      current = next
    }
    return { route: this.#target(keyOf(current.target), current.target, true), defaults }
  }

  /** A fallback target's route: a model, or an alias's model (its defaults stay the caller's). */
  #primary(target: string): ModelRoute | undefined {
    const alias = this.#alias(keyOf(target))
    if (alias) return this.#followAlias(alias).route
    return this.#target(keyOf(target), target, true)
  }

  /**
   * A listed name, or one naming its backend by prefix or id. `fromConfig`: the name is the
   * configuration's, not a client's.
   */
  #target(key: string, name: string, fromConfig: boolean): ModelRoute | undefined {
    const listed = this.#listed.get(key) ?? this.#listed.get(untagged(key))
    if (listed) return listed
    for (const [position, entry] of this.#table.entries.entries()) {
      if (entry.prefix === '' || !key.startsWith(keyOf(entry.prefix))) continue
      const route = this.#onBackend(position, name.trim().slice(entry.prefix.length), fromConfig)
      if (route) return route
    }
    const slash = name.indexOf('/')
    if (slash < 0) return undefined
    const entry = this.#table.entryById(name.slice(0, slash))
    if (entry === undefined) return undefined
    return this.#onBackend(
      this.#table.entries.indexOf(entry),
      name.trim().slice(slash + 1),
      fromConfig,
    )
  }

  /**
   * Model `id` of the backend at `position`: as listed when it is; when the backend has no list
   * (it is down), the id as given, so that the backend itself can say.
   */
  #onBackend(position: number, id: string, fromConfig: boolean): ModelRoute | undefined {
    const entry = this.#table.entries[position] as BackendEntry
    const state = this.states[position]
    const model = state && findUpstreamModel(state.byId, id)
    if (model) return { name: entry.prefix + model.id, backend: entry.backend, model, known: true }
    if (state?.available !== false || id === '') return undefined
    return { name: entry.prefix + id, backend: entry.backend, model: { id }, known: fromConfig }
  }
}

function sameTarget(a: ModelRoute, b: ModelRoute): boolean {
  return a.backend === b.backend && a.model.id === b.model.id
}

/** An alias's defaults over those of the alias it points at. */
function mergeDefaults(
  inner: RouteDefaults | undefined,
  outer: RouteDefaults | undefined,
): RouteDefaults | undefined {
  if (!inner || !outer) return outer ?? inner
  return {
    sampling: { ...inner.sampling, ...outer.sampling },
    ...((outer.think ?? inner.think) !== undefined && { think: outer.think ?? inner.think }),
    ...((outer.contextLength ?? inner.contextLength) !== undefined && {
      contextLength: outer.contextLength ?? inner.contextLength,
    }),
    options: { ...inner.options, ...outer.options },
  }
}

/** Names coding agents send on their own (Claude Code's background model, Codex's defaults). */
const agentModelName = /^(claude|gpt)-/i

/** 404 for a name nothing serves, saying how to make it work where that is likely to help. */
export function notOffered(name: string, alias?: AliasSpec): OllamaError {
  if (alias) {
    return new OllamaError(
      404,
      `model '${name}' is an alias of '${alias.target}', which no backend offers`,
    )
  }
  const error = OllamaError.modelNotFound(name)
  if (!agentModelName.test(name.trim())) return error
  return new OllamaError(
    404,
    `${error.message}: coding agents ask for this name on their own; map it to one of your models with MODEL_ALIASES=${name.trim()}=<model> or under aliases: in the config file`,
  )
}
