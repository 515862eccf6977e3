// Imported `with { type: 'file' }`: the value is the file's path (inside the compiled binary,
// a `/$bunfs/…` path), not a module. Without these, TypeScript types the `.js` import as the
// (untyped) Swagger UI module and finds no declaration at all for the `.css` one.
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const path: string
  export default path
}

declare module 'swagger-ui-dist/swagger-ui.css' {
  const path: string
  export default path
}
