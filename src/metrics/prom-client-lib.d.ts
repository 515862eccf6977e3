// prom-client's metric classes, imported one file each: its index also loads the cluster,
// push-gateway and default-metrics modules (about 3.5 MiB more RSS in the binary; docs/metrics.md).
declare module 'prom-client/lib/registry' {
  import type { Registry } from 'prom-client'

  const RegistryClass: typeof Registry
  export default RegistryClass
}

declare module 'prom-client/lib/counter' {
  import type { Counter } from 'prom-client'

  const CounterClass: typeof Counter
  export default CounterClass
}

declare module 'prom-client/lib/gauge' {
  import type { Gauge } from 'prom-client'

  const GaugeClass: typeof Gauge
  export default GaugeClass
}

declare module 'prom-client/lib/histogram' {
  import type { Histogram } from 'prom-client'

  const HistogramClass: typeof Histogram
  export default HistogramClass
}
