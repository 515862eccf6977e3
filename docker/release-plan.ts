/** What a release publishes for one git context: the image tags, the version label, the binaries. */
export interface ReleasePlan {
  /** Image tags to push, the most specific first; empty: build and verify only. */
  tags: string[]
  /** The `org.opencontainers.image.version` label: `1.2.3` for a tag, else the first tag. */
  version: string
  /** Whether the release binaries are built (version tags only). */
  binaries: boolean
}

export interface ReleaseContext {
  /** The git ref: `refs/tags/v1.2.3`, `refs/heads/main`, `refs/pull/42/merge`. */
  ref: string
  /** The full commit id (40 hex digits). */
  sha: string
  /** `version` of package.json: a version tag must name it. */
  packageVersion: string
  defaultBranch: string
}

const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/

/**
 * The seed's tags: `vX.Y.Z` and `latest` for a version tag (a pre-release such as `v1.2.3-rc.1`
 * gets only its own tag), `dev` and `sha-<short commit>` for the default branch, `pr-<n>` for a
 * pull request; any other branch gets none. Throws on a ref it cannot read or a version tag
 * that is not package.json's version (the binaries would report another version).
 */
export function releasePlan(context: ReleaseContext): ReleasePlan {
  const { ref, sha, packageVersion, defaultBranch } = context
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`--sha must be a full commit id, got "${sha}"`)
  const tag = /^refs\/tags\/v(.+)$/.exec(ref)?.[1]
  if (tag !== undefined) {
    const parts = semver.exec(tag)
    if (!parts) throw new Error(`tag v${tag} is not v<major>.<minor>.<patch>[-<pre-release>]`)
    if (tag !== packageVersion) {
      throw new Error(
        `tag v${tag} does not match package.json's version ${packageVersion}: bump package.json first`,
      )
    }
    return { tags: parts[4] ? [`v${tag}`] : [`v${tag}`, 'latest'], version: tag, binaries: true }
  }
  const pullRequest = /^refs\/pull\/([1-9]\d*)\/(?:merge|head)$/.exec(ref)?.[1]
  if (pullRequest !== undefined) {
    return { tags: [`pr-${pullRequest}`], version: `pr-${pullRequest}`, binaries: false }
  }
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1]
  if (branch === undefined)
    throw new Error(`unknown git ref "${ref}" (refs/tags/…, refs/heads/…, refs/pull/…)`)
  const short = `sha-${sha.slice(0, 7)}`
  if (branch === defaultBranch) return { tags: [short, 'dev'], version: short, binaries: false }
  return { tags: [], version: short, binaries: false }
}
