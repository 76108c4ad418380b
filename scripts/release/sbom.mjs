// Completes cyclonedx-npm's BOM of third_party/tree-sitter into the BOM of the infrac binary.
// Usage: node sbom.mjs NPM_BOM.json DEBIAN_PACKAGES.txt VERSION  (the BOM on stdout)
import fs from 'node:fs';

const [npmBom, debianList, version] = process.argv.slice(2);
const bom = JSON.parse(fs.readFileSync(npmBom, 'utf8'));
// Only these two are compiled in; the generator also lists their JavaScript bindings' packages.
const compiled = new Set(['tree-sitter', 'tree-sitter-hcl']);
const npm = bom.components.filter((c) => compiled.has(c.name));
const debian = fs.readFileSync(debianList, 'utf8').trim().split('\n').map((line) => {
  const [name, v] = line.split(' ');
  const purl = `pkg:deb/debian/${name}@${encodeURIComponent(v)}?distro=debian-12`;
  return { type: 'library', 'bom-ref': purl, name, version: v, purl };
});
const infrac = {
  type: 'application', 'bom-ref': `pkg:generic/infrac@${version}`, name: 'infrac', version,
  purl: `pkg:generic/infrac@${version}`,
};
bom.metadata.component = infrac;
bom.components = [...npm, ...debian];
bom.dependencies = [{ ref: infrac['bom-ref'], dependsOn: bom.components.map((c) => c['bom-ref']) }];
process.stdout.write(JSON.stringify(bom, null, 2) + '\n');
