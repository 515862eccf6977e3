/** An OCI content descriptor (image-spec descriptor.md). */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: { architecture: string; os: string }
  annotations?: Record<string, string>
}

export interface OciImageIndex {
  schemaVersion: 2
  mediaType: 'application/vnd.oci.image.index.v1+json'
  manifests: Descriptor[]
  annotations: Record<string, string>
}

export interface PlatformImage {
  /** The image manifest's descriptor. */
  manifest: Descriptor
  /** Docker/OCI architecture: amd64, arm64. */
  architecture: string
  /** The image config's labels. */
  labels: Record<string, string>
}

/**
 * The multi-arch index of `images` (linux, one per architecture, in the given order). Its
 * annotations are the `org.opencontainers.image.*` labels the images share, so registries that
 * read them from the index (GHCR's package page: source, description) find them there too.
 */
export function ociImageIndex(images: PlatformImage[]): OciImageIndex {
  const shared = Object.entries(images[0]?.labels ?? {}).filter(
    ([key, value]) =>
      key.startsWith('org.opencontainers.image.') &&
      images.every((image) => image.labels[key] === value),
  )
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: images.map(({ manifest, architecture }) => ({
      mediaType: manifest.mediaType,
      digest: manifest.digest,
      size: manifest.size,
      platform: { architecture, os: 'linux' },
    })),
    annotations: Object.fromEntries(shared.sort(([a], [b]) => a.localeCompare(b))),
  }
}
