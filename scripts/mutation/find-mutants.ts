import { parse } from '@babel/parser'
import type * as t from '@babel/types'

/** One small change to a source file that some test should notice. */
export interface Mutant {
  operator: MutationOperator
  /** 1-based line and column of the replaced text. */
  line: number
  column: number
  /** Offsets of the replaced text in the source. */
  start: number
  end: number
  original: string
  replacement: string
}

export type MutationOperator =
  | 'equality'
  | 'boundary'
  | 'negate-relational'
  | 'arithmetic'
  | 'logical'
  | 'nullish-fallback'
  | 'negate-condition'
  | 'remove-negation'
  | 'update'
  | 'assignment'
  | 'boolean'
  | 'number'
  | 'string'
  | 'array'
  | 'regex'
  | 'return-value'
  | 'remove-statement'
  | 'optional-chaining'
  | 'remove-signal'
  | 'method'

type Change = Pick<Mutant, 'operator' | 'start' | 'end' | 'replacement'>

const EQUALITY: Record<string, string> = { '===': '!==', '!==': '===', '==': '!=', '!=': '==' }
const BOUNDARY: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' }
const NEGATED_RELATION: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' }
const ARITHMETIC: Record<string, string> = { '+': '-', '-': '+', '*': '/', '/': '*', '%': '*' }
const ASSIGNMENT: Record<string, string> = {
  '+=': '-=',
  '-=': '+=',
  '*=': '/=',
  '/=': '*=',
  '??=': '=',
  '||=': '=',
  '&&=': '=',
}
const SWAPPED_METHOD: Record<string, string> = {
  startsWith: 'endsWith',
  endsWith: 'startsWith',
  some: 'every',
  every: 'some',
  min: 'max',
  max: 'min',
  toLowerCase: 'toUpperCase',
  toUpperCase: 'toLowerCase',
  trimStart: 'trimEnd',
  trimEnd: 'trimStart',
  indexOf: 'lastIndexOf',
  lastIndexOf: 'indexOf',
}
/** Calls whose removal leaves the receiver: `list.filter(f)` → `list`. */
const DROPPABLE_METHODS = new Set(['filter', 'sort', 'reverse', 'slice', 'trim'])
/** Object keys whose values are prose for the API docs and `--help`, not behaviour. */
const DOC_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples'])
/** TypeScript nodes that wrap a runtime expression; every other `TS*` node is types only. */
const EXPRESSION_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TSParameterProperty',
])
const TYPE_KEYS = new Set([
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeParameters',
  'superTypeArguments',
  'implements',
])
const MODULE_SOURCE_OWNERS = new Set(['ExportNamedDeclaration', 'ImportExpression'])
const KEYED_MEMBERS = new Set([
  'ObjectProperty',
  'ObjectMethod',
  'ClassProperty',
  'ClassMethod',
  'ClassPrivateProperty',
  'ClassAccessorProperty',
])

const parseModule = (source: string) =>
  parse(source, { sourceType: 'module', plugins: ['typescript'] })

/**
 * Every mutant of a TypeScript module, in source order: operator flips, negated conditions,
 * changed literals and return values, removed statements, `?.` and `signal` arguments. Types,
 * import paths, object keys and doc prose (`description`, `summary`, `title`, `example(s)`) are
 * left alone; a change whose result does not parse is dropped.
 */
export function findMutants(source: string): Mutant[] {
  const changes: Change[] = []
  visit(parseModule(source).program, source, changes)
  const lineStarts = [0]
  for (let index = source.indexOf('\n'); index >= 0; index = source.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1)
  }
  const seen = new Set<string>()
  const mutants: Mutant[] = []
  for (const change of changes.sort((a, b) => a.start - b.start || a.end - b.end)) {
    const key = `${change.start}:${change.end}:${change.replacement}`
    if (seen.has(key)) continue
    seen.add(key)
    const mutant = { ...change, ...position(lineStarts, change.start), original: '' }
    mutant.original = source.slice(change.start, change.end)
    if (parses(applyMutant(source, mutant))) mutants.push(mutant)
  }
  return mutants
}

export const applyMutant = (
  source: string,
  mutant: Pick<Mutant, 'start' | 'end' | 'replacement'>,
) => source.slice(0, mutant.start) + mutant.replacement + source.slice(mutant.end)

function position(lineStarts: number[], offset: number) {
  let low = 0
  let high = lineStarts.length - 1
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if ((lineStarts[middle] ?? 0) <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 }
}

function parses(source: string): boolean {
  try {
    parseModule(source)
    return true
  } catch {
    return false
  }
}

const isNode = (value: unknown): value is t.Node =>
  typeof value === 'object' && value !== null && typeof (value as t.Node).type === 'string'

/** Type annotations, module paths, plain keys and doc prose: nothing to mutate there. */
function isSkippedChild(node: t.Node, key: string): boolean {
  if (TYPE_KEYS.has(key) || key.endsWith('Comments')) return true
  if (key === 'source') return MODULE_SOURCE_OWNERS.has(node.type)
  if (key === 'key')
    return KEYED_MEMBERS.has(node.type) && !(node as { computed?: boolean }).computed
  return key === 'value' && node.type === 'ObjectProperty' && DOC_KEYS.has(keyName(node) ?? '')
}

function* runtimeChildren(node: t.Node): Generator<t.Node> {
  for (const [key, value] of Object.entries(node)) {
    if (isSkippedChild(node, key)) continue
    for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) yield child
  }
}

function keyName(node: t.ObjectProperty | t.ObjectMethod): string | undefined {
  if (node.computed) return undefined
  if (node.key.type === 'Identifier') return node.key.name
  if (node.key.type === 'StringLiteral') return node.key.value
  return undefined
}

const SKIPPED_STATEMENTS = new Set(['ImportDeclaration', 'ExportAllDeclaration'])

function visit(node: t.Node, source: string, changes: Change[]): void {
  if (node.type.startsWith('TS') && !EXPRESSION_WRAPPERS.has(node.type)) return
  if (SKIPPED_STATEMENTS.has(node.type)) return
  mutate(node, source, changes)
  for (const child of runtimeChildren(node)) visit(child, source, changes)
}

const text = (source: string, node: t.Node) => source.slice(node.start ?? 0, node.end ?? 0)
const span = (node: t.Node) => ({ start: node.start ?? 0, end: node.end ?? 0 })

/** The operator token between two operands, found in the source text. */
function operatorSpan(source: string, left: t.Node, right: t.Node, operator: string) {
  const start = source.indexOf(operator, left.end ?? 0)
  return { start, end: start + operator.length, within: start >= 0 && start < (right.start ?? 0) }
}

type NodeOf<K extends t.Node['type']> = Extract<t.Node, { type: K }>
type Mutator<K extends t.Node['type']> = (node: NodeOf<K>, source: string, add: Add) => void

function mutateCondition(node: { test?: t.Expression | null }, source: string, add: Add): void {
  if (node.test) negateCondition(node.test, source, add)
}

/** The mutations of each kind of node (its children are visited separately). */
const MUTATORS: { [K in t.Node['type']]?: Mutator<K> } = {
  BinaryExpression: mutateBinary,
  LogicalExpression(node, source, add) {
    const token = operatorSpan(source, node.left, node.right, node.operator)
    if (!token.within) return
    // `a ?? b` → `a`: the fallback never applies (the left side keeps its parentheses).
    if (node.operator === '??') {
      add('nullish-fallback', span(node), source.slice(node.start ?? 0, token.start).trimEnd())
    } else add('logical', token, node.operator === '&&' ? '||' : '&&')
  },
  IfStatement: mutateCondition,
  ConditionalExpression: mutateCondition,
  WhileStatement: mutateCondition,
  DoWhileStatement: mutateCondition,
  ForStatement: mutateCondition,
  UnaryExpression(node, source, add) {
    // The operator is the first character; what follows keeps its parentheses.
    if (node.operator !== '!' && node.operator !== '-') return
    const operand = source.slice((node.start ?? 0) + 1, node.end ?? 0)
    add(node.operator === '!' ? 'remove-negation' : 'arithmetic', span(node), operand)
  },
  UpdateExpression(node, source, add) {
    const from = node.prefix ? (node.start ?? 0) : (node.argument.end ?? 0)
    const start = source.indexOf(node.operator, from)
    add('update', { start, end: start + 2 }, node.operator === '++' ? '--' : '++')
  },
  AssignmentExpression(node, source, add) {
    const swapped = ASSIGNMENT[node.operator]
    const token = operatorSpan(source, node.left, node.right, node.operator)
    if (swapped && token.within) add('assignment', token, swapped)
  },
  BooleanLiteral: (node, _source, add) => add('boolean', span(node), String(!node.value)),
  NumericLiteral(node, _source, add) {
    const changed = node.value === 0 ? 1 : node.value === 1 ? 0 : node.value + 1
    add('number', span(node), String(changed))
  },
  StringLiteral: (node, _source, add) =>
    add('string', span(node), node.value === '' ? "'mutated'" : "''"),
  TemplateLiteral(node, _source, add) {
    if (node.quasis.some((quasi) => quasi.value.raw !== '')) add('string', span(node), '``')
  },
  ArrayExpression(node, _source, add) {
    if (node.elements.length > 0) add('array', span(node), '[]')
  },
  RegExpLiteral(node, _source, add) {
    for (const variant of regexVariants(node.pattern, node.flags)) add('regex', span(node), variant)
  },
  ReturnStatement(node, _source, add) {
    const value = node.argument
    if (!value || (value.type === 'Identifier' && value.name === 'undefined')) return
    add('return-value', span(value), 'undefined')
  },
  VariableDeclarator(node, _source, add) {
    // A named arrow function with an expression body: that expression is its return value.
    const body = node.init?.type === 'ArrowFunctionExpression' ? node.init.body : undefined
    if (body && body.type !== 'BlockStatement') add('return-value', span(body), 'undefined')
  },
  ExpressionStatement(node, _source, add) {
    if (isRemovableStatement(node.expression)) add('remove-statement', span(node), '{}')
  },
  OptionalMemberExpression: removeOptionalChaining,
  OptionalCallExpression: removeOptionalChaining,
  ObjectExpression: (node, _source, add) =>
    removeSignal(
      node.properties,
      (property) => property.type === 'ObjectProperty' && keyName(property) === 'signal',
      add,
    ),
  CallExpression(node, source, add) {
    removeSignal(node.arguments, isSignalArgument, add)
    mutateMethodCall(node, source, add)
  },
  NewExpression: (node, _source, add) => removeSignal(node.arguments, isSignalArgument, add),
}

function mutate(node: t.Node, source: string, changes: Change[]): void {
  const mutator = MUTATORS[node.type] as Mutator<typeof node.type> | undefined
  mutator?.(node as never, source, (operator, where, replacement) => {
    changes.push({ operator, start: where.start, end: where.end, replacement })
  })
}

type Add = (
  operator: MutationOperator,
  where: { start: number; end: number },
  replacement: string,
) => void

function mutateBinary(node: t.BinaryExpression, source: string, add: Add): void {
  const token = operatorSpan(source, node.left, node.right, node.operator)
  if (!token.within) return
  const equality = EQUALITY[node.operator]
  if (equality) add('equality', token, equality)
  const boundary = BOUNDARY[node.operator]
  if (boundary) add('boundary', token, boundary)
  const negated = NEGATED_RELATION[node.operator]
  if (negated) add('negate-relational', token, negated)
  const arithmetic = ARITHMETIC[node.operator]
  const concatenation = node.operator === '+' && [node.left, node.right].some(isText)
  if (arithmetic && !concatenation) add('arithmetic', token, arithmetic)
}

const isText = (node: t.Node) => node.type === 'StringLiteral' || node.type === 'TemplateLiteral'

/** `if (x)` → `if (!(x))`; comparisons and `!x` are left to their own operators. */
function negateCondition(test: t.Expression, source: string, add: Add): void {
  if (test.type === 'UnaryExpression' && test.operator === '!') return
  if (test.type === 'BinaryExpression' && (EQUALITY[test.operator] || BOUNDARY[test.operator]))
    return
  add('negate-condition', span(test), `!(${text(source, test)})`)
}

function regexVariants(pattern: string, flags: string): string[] {
  const variants: string[] = []
  if (pattern.startsWith('^')) variants.push(pattern.slice(1))
  if (pattern.endsWith('$') && !pattern.endsWith('\\$')) variants.push(pattern.slice(0, -1))
  if (pattern.includes('[^')) variants.push(pattern.replace('[^', '['))
  const withoutFlag = flags.replace('i', '')
  return [
    ...variants.map((variant) => `/${variant}/${flags}`),
    ...(withoutFlag === flags ? [] : [`/${pattern}/${withoutFlag}`]),
  ]
}

function isRemovableStatement(expression: t.Expression): boolean {
  switch (expression.type) {
    case 'CallExpression':
      return expression.callee.type !== 'Super'
    case 'OptionalCallExpression':
    case 'AssignmentExpression':
    case 'UpdateExpression':
    case 'YieldExpression':
      return true
    case 'AwaitExpression':
      return isRemovableStatement(expression.argument)
    default:
      return false
  }
}

function removeOptionalChaining(
  node: t.OptionalMemberExpression | t.OptionalCallExpression,
  source: string,
  add: Add,
): void {
  if (!node.optional) return
  const before = node.type === 'OptionalMemberExpression' ? node.object : node.callee
  const start = source.indexOf('?.', before.end ?? 0)
  const dot = node.type === 'OptionalMemberExpression' && !node.computed ? '.' : ''
  add('optional-chaining', { start, end: start + 2 }, dot)
}

function isSignalArgument(argument: t.Node): boolean {
  if (argument.type === 'Identifier') return argument.name === 'signal'
  if (argument.type === 'MemberExpression' || argument.type === 'OptionalMemberExpression') {
    return argument.property.type === 'Identifier' && argument.property.name === 'signal'
  }
  return false
}

/** Drops an abort signal from a call or an options object, with the comma next to it. */
function removeSignal<T extends t.Node>(
  items: T[],
  isSignal: (item: T) => boolean,
  add: Add,
): void {
  items.forEach((item, index) => {
    if (!isSignal(item)) return
    const next = items[index + 1]
    const previous = items[index - 1]
    const start = next || !previous ? (item.start ?? 0) : (previous.end ?? 0)
    const end = next ? (next.start ?? 0) : (item.end ?? 0)
    add('remove-signal', { start, end }, '')
  })
}

function mutateMethodCall(node: t.CallExpression, source: string, add: Add): void {
  const callee = node.callee
  if (
    callee.type !== 'MemberExpression' ||
    callee.computed ||
    callee.property.type !== 'Identifier'
  ) {
    return
  }
  const name = callee.property.name
  const swapped = SWAPPED_METHOD[name]
  if (swapped) add('method', span(callee.property), swapped)
  if (DROPPABLE_METHODS.has(name)) add('method', span(node), text(source, callee.object))
}
