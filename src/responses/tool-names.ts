/** What a backend function name stands for on the Responses side. */
export interface ToolTarget {
  /** A custom tool's calls come back as `custom_tool_call` items with an `input` string. */
  type: 'function' | 'custom'
  name: string
  namespace?: string
}

/**
 * The Responses tools of one request under their backend function names, to map calls back.
 * Namespaced tools are named `<namespace>__<name>`: OpenAI function names allow no dots.
 */
export class ToolNames {
  readonly #targets = new Map<string, ToolTarget>()

  /** The backend function name of a Responses tool (or of a call to one, in the history). */
  static chatName(name: string, namespace?: string | null): string {
    return namespace ? `${namespace}__${name}` : name
  }

  /** Registers a tool; returns its backend function name. */
  add(target: ToolTarget): string {
    const chatName = ToolNames.chatName(target.name, target.namespace)
    this.#targets.set(chatName, target)
    return chatName
  }

  /** What a called function stands for; a name no tool has is a plain function of that name. */
  target(chatName: string): ToolTarget {
    return this.#targets.get(chatName) ?? { type: 'function', name: chatName }
  }
}
