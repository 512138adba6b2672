-- +goose Up
-- The CMDB. Asset types carry the JSON Schema of their assets' attributes;
-- the built-in ones are seeded here and may be extended by an admin, not
-- deleted.
CREATE TABLE asset_types (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{1,39}$'),
    title       text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    schema      jsonb       NOT NULL DEFAULT '{"type": "object"}',
    -- Attributes that identify an asset in an import without an external key, tried in order.
    identifiers text[]      NOT NULL DEFAULT '{}',
    builtin     boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO asset_types (name, title, description, identifiers, builtin, schema) VALUES
('server', 'Server', 'A physical or virtual machine reached over SSH.', '{serial,fqdn}', true,
 '{"type":"object","properties":{
   "fqdn":{"type":"string","title":"FQDN"},
   "serial":{"type":"string","title":"Serial number"},
   "os":{"type":"string","title":"Operating system"},
   "kernel":{"type":"string","title":"Kernel"},
   "cpuCores":{"type":"integer","minimum":1,"title":"CPU cores"},
   "memoryMb":{"type":"integer","minimum":1,"title":"Memory (MiB)"},
   "disks":{"type":"array","title":"Disks","items":{"type":"object","properties":{"device":{"type":"string"},"sizeGb":{"type":"number","minimum":0},"mount":{"type":"string"}}}},
   "ipAddresses":{"type":"array","title":"IP addresses","items":{"type":"string"}},
   "listeningPorts":{"type":"array","title":"Listening ports","items":{"type":"integer","minimum":1,"maximum":65535}},
   "factsCollectedAt":{"type":"string","format":"date-time","title":"Facts collected at"}}}'),
('virtual-machine', 'Virtual machine', 'A guest on a hypervisor or a cloud instance.', '{cloudId,fqdn}', true,
 '{"type":"object","properties":{
   "fqdn":{"type":"string","title":"FQDN"},"cloudId":{"type":"string","title":"Cloud ID"},
   "cpuCores":{"type":"integer","minimum":1,"title":"vCPUs"},"memoryMb":{"type":"integer","minimum":1,"title":"Memory (MiB)"},
   "ipAddresses":{"type":"array","title":"IP addresses","items":{"type":"string"}}}}'),
('container', 'Container', 'A container or pod.', '{}', true,
 '{"type":"object","properties":{"image":{"type":"string","title":"Image"},"cluster":{"type":"string","title":"Cluster"},"namespace":{"type":"string","title":"Namespace"}}}'),
('database', 'Database', 'A database instance or cluster.', '{fqdn}', true,
 '{"type":"object","properties":{"engine":{"type":"string","title":"Engine","enum":["postgres","mysql","mariadb","mongodb","redis","oracle","mssql","cassandra","other"]},"version":{"type":"string","title":"Version"},"fqdn":{"type":"string","title":"FQDN"},"port":{"type":"integer","minimum":1,"maximum":65535,"title":"Port"}}}'),
('load-balancer', 'Load balancer', 'Spreads traffic over a pool of members.', '{fqdn}', true,
 '{"type":"object","properties":{"fqdn":{"type":"string","title":"FQDN"},"vip":{"type":"string","title":"Virtual IP"},"algorithm":{"type":"string","title":"Algorithm"}}}'),
('network-device', 'Network device', 'A switch, router or firewall.', '{serial}', true,
 '{"type":"object","properties":{"model":{"type":"string","title":"Model"},"serial":{"type":"string","title":"Serial number"},"managementIp":{"type":"string","title":"Management IP"},"rack":{"type":"string","title":"Rack"}}}'),
('application', 'Application', 'A deployable piece of software.', '{}', true,
 '{"type":"object","properties":{"repository":{"type":"string","title":"Repository"},"language":{"type":"string","title":"Language"},"url":{"type":"string","title":"URL"}}}'),
('service', 'Service', 'What users see and on-call people answer for; link it to an OpsManager service to page its escalation policy.', '{}', true,
 '{"type":"object","properties":{"serviceId":{"type":"string","format":"uuid","title":"OpsManager service"},"tier":{"type":"integer","minimum":0,"maximum":4,"title":"Tier"},"url":{"type":"string","title":"URL"}}}'),
('cloud-resource', 'Cloud resource', 'A managed resource of a cloud provider (bucket, queue, cluster...).', '{cloudId}', true,
 '{"type":"object","properties":{"provider":{"type":"string","title":"Provider","enum":["aws","gcp","azure","hetzner","ovh","other"]},"region":{"type":"string","title":"Region"},"cloudId":{"type":"string","title":"Cloud ID"},"kind":{"type":"string","title":"Kind"}}}'),
('certificate', 'Certificate', 'A TLS certificate.', '{serial}', true,
 '{"type":"object","properties":{"commonName":{"type":"string","title":"Common name"},"serial":{"type":"string","title":"Serial number"},"issuer":{"type":"string","title":"Issuer"},"notAfter":{"type":"string","format":"date-time","title":"Expires"},"sans":{"type":"array","title":"Subject alternative names","items":{"type":"string"}}}}'),
('domain', 'Domain', 'A DNS domain.', '{}', true,
 '{"type":"object","properties":{"registrar":{"type":"string","title":"Registrar"},"expiresAt":{"type":"string","format":"date-time","title":"Expires"},"nameservers":{"type":"array","title":"Name servers","items":{"type":"string"}}}}');

CREATE TABLE assets (
    id           uuid PRIMARY KEY,
    type         text        NOT NULL REFERENCES asset_types (name) ON DELETE RESTRICT,
    name         text        NOT NULL,
    external_key text,
    attributes   jsonb       NOT NULL DEFAULT '{}',
    tags         text[]      NOT NULL DEFAULT '{}',
    owner_team   text        NOT NULL DEFAULT '',
    environment  text        NOT NULL DEFAULT '',
    lifecycle    text        NOT NULL DEFAULT 'active' CHECK (lifecycle IN ('planned', 'active', 'maintenance', 'retired')),
    -- Words of the name (weighted first) and of every string and number in the attributes.
    search       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name), 'A') ||
        jsonb_to_tsvector('simple', attributes, '["string", "numeric"]')) STORED,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX assets_type_name_key ON assets (type, lower(name));
CREATE UNIQUE INDEX assets_type_external_key ON assets (type, external_key) WHERE external_key IS NOT NULL;
CREATE INDEX assets_name_idx ON assets (lower(name), id);
CREATE INDEX assets_external_key_idx ON assets (external_key) WHERE external_key IS NOT NULL;
CREATE INDEX assets_search_idx ON assets USING gin (search);
CREATE INDEX assets_attributes_idx ON assets USING gin (attributes jsonb_path_ops);
CREATE INDEX assets_tags_idx ON assets USING gin (tags);
CREATE INDEX assets_environment_idx ON assets (environment, lower(name));
CREATE INDEX assets_owner_idx ON assets (owner_team, lower(name));

-- Edges, stored the forward way ("a depends_on b"; the API also takes the
-- inverse names). valid_to is NULL while the edge holds; ending it keeps
-- the row, so ?asOf= can read the graph as it was.
CREATE TABLE asset_relationships (
    id          uuid PRIMARY KEY,
    type        text        NOT NULL CHECK (type IN ('depends_on', 'runs_on', 'contains', 'connects_to', 'member_of', 'owned_by', 'backed_up_by')),
    source_id   uuid        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    target_id   uuid        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    attributes  jsonb       NOT NULL DEFAULT '{}',
    valid_from  timestamptz NOT NULL DEFAULT now(),
    valid_to    timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (source_id <> target_id),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX asset_relationships_current_key ON asset_relationships (source_id, target_id, type) WHERE valid_to IS NULL;
CREATE INDEX asset_relationships_source_idx ON asset_relationships (source_id) INCLUDE (target_id, type, valid_from, valid_to);
CREATE INDEX asset_relationships_target_idx ON asset_relationships (target_id) INCLUDE (source_id, type, valid_from, valid_to);

-- Every change to an asset: who, when, which fields (diff), and the
-- playbook runs that acted on it. No foreign key: the history of a deleted
-- asset stays readable.
CREATE TABLE asset_changes (
    id         bigserial PRIMARY KEY,
    asset_id   uuid        NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    actor_type text        NOT NULL,
    actor_id   text        NOT NULL DEFAULT '',
    actor_name text        NOT NULL DEFAULT '',
    action     text        NOT NULL,
    diff       jsonb       NOT NULL DEFAULT '[]',
    run_id     uuid,
    details    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX asset_changes_asset_idx ON asset_changes (asset_id, id);
CREATE INDEX asset_changes_run_idx ON asset_changes (run_id) WHERE run_id IS NOT NULL;

-- Imports: the file's rows wait in asset_import_rows while a workflow
-- applies them in batches; each batch commits with the import's counters,
-- so a retried batch knows it is done.
CREATE TABLE asset_imports (
    id           uuid PRIMARY KEY,
    format       text        NOT NULL,
    atomic       boolean     NOT NULL DEFAULT false,
    status       text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    total        int         NOT NULL,
    done         int         NOT NULL DEFAULT 0,
    created      int         NOT NULL DEFAULT 0,
    updated      int         NOT NULL DEFAULT 0,
    unchanged    int         NOT NULL DEFAULT 0,
    failed       int         NOT NULL DEFAULT 0,
    relationships_created int NOT NULL DEFAULT 0,
    -- An atomic import's one transaction committed (done is only progress until then).
    applied      boolean     NOT NULL DEFAULT false,
    errors       jsonb       NOT NULL DEFAULT '[]',
    requested_by text        NOT NULL DEFAULT '',
    workflow_id  text        NOT NULL DEFAULT '',
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE TABLE asset_import_rows (
    import_id uuid  NOT NULL REFERENCES asset_imports (id) ON DELETE CASCADE,
    n         int   NOT NULL,
    row       jsonb NOT NULL,
    PRIMARY KEY (import_id, n)
);

-- The assets an incident names (given, or matched from its alert's labels):
-- its blast radius starts from them.
CREATE TABLE incident_assets (
    incident_id uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    asset_id    uuid        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    source      text        NOT NULL DEFAULT 'request',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, asset_id)
);
CREATE INDEX incident_assets_asset_idx ON incident_assets (asset_id);

-- Servers become assets of type server: the asset holds the name and the
-- tags, the servers row keeps how to reach it (address, login, pinned key).
INSERT INTO assets (id, type, name, tags, created_at, updated_at)
    SELECT id, 'server', name, tags, created_at, updated_at FROM servers;
INSERT INTO asset_changes (asset_id, at, actor_type, actor_name, action)
    SELECT id, now(), 'system', 'migration', 'created' FROM servers;
ALTER TABLE servers ADD CONSTRAINT servers_asset_fkey FOREIGN KEY (id) REFERENCES assets (id) ON DELETE CASCADE;
DROP INDEX servers_name_key;
DROP INDEX servers_tags_idx;
ALTER TABLE servers DROP COLUMN name, DROP COLUMN tags;

-- +goose Down
ALTER TABLE servers ADD COLUMN name text, ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
UPDATE servers s SET name = a.name, tags = a.tags FROM assets a WHERE a.id = s.id;
ALTER TABLE servers ALTER COLUMN name SET NOT NULL, DROP CONSTRAINT servers_asset_fkey;
CREATE UNIQUE INDEX servers_name_key ON servers (lower(name));
CREATE INDEX servers_tags_idx ON servers USING gin (tags);
DROP TABLE incident_assets;
DROP TABLE asset_import_rows;
DROP TABLE asset_imports;
DROP TABLE asset_changes;
DROP TABLE asset_relationships;
DROP TABLE assets;
DROP TABLE asset_types;
