// Validates Teams app manifests offline with Microsoft's own @microsoft/app-manifest schemas.
//
// Usage: node validate_manifest.js MANIFEST.json
// Prints {"errors": [...]} on stdout; an empty list means the manifest is valid. Exit status 0 when
// the validation ran (valid or not), 1 when it could not run (unreadable file, unknown schema).
//
// The schema is always taken from the package's bundled copy: a manifest whose $schema is not
// bundled is reported as an error, never fetched, because tests must not touch the network.
"use strict";

const fs = require("fs");
const path = require("path");
const { AppManifestUtils } = require("@microsoft/app-manifest");

const SCHEMA_HOST = "https://developer.microsoft.com/";
const TEAMS_SCHEMAS = `${SCHEMA_HOST}json-schemas/teams/`;

function bundledSchemaPath(schemaUrl) {
  if (typeof schemaUrl !== "string" || !schemaUrl.startsWith(TEAMS_SCHEMAS)) {
    return undefined;
  }
  // The package looks up a schema at build/<url path>; so do we, before letting it read the file.
  const buildDir = path.dirname(require.resolve("@microsoft/app-manifest"));
  const candidate = path.join(buildDir, schemaUrl.substring(SCHEMA_HOST.length));
  return fs.existsSync(candidate) ? candidate : undefined;
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    throw new Error("usage: node validate_manifest.js MANIFEST.json");
  }
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  const schemaUrl = manifest.$schema;
  if (!bundledSchemaPath(schemaUrl)) {
    return [`/$schema is not a Teams schema bundled with @microsoft/app-manifest: ${JSON.stringify(schemaUrl)}`];
  }
  // fetchSchema reads the bundled file (checked above) and applies the package's own text fixes.
  const schema = await AppManifestUtils.fetchSchema(schemaUrl);
  return AppManifestUtils.validateAgainstSchema(manifest, schema);
}

main().then(
  (errors) => {
    process.stdout.write(JSON.stringify({ errors }) + "\n");
  },
  (error) => {
    process.stderr.write(`validate_manifest: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 1;
  },
);
