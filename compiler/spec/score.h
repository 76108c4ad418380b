// Score workloads as input: services/<name>/score.yaml (score.dev/v1b1,
// https://docs.score.dev/docs/score-specification/score-spec-reference/) read as the
// service.yaml it means, every node keeping its place in score.yaml so the same diagnostics
// point into it. What infrac cannot honour is E0152 at the field, never dropped:
//   metadata.name, metadata.annotations infrac.dev/team (required), infrac.dev/tier,
//     infrac.dev/description and infrac.dev/replicas ("3" or "2-10"); other annotations
//     become pod annotations
//   one container: image, command, args, variables (literals, ${metadata.KEY}, and
//     ${resources.NAME.OUTPUT} where infrac's own variable has that name), resources
//     (requests; a memory limit equal to the request), readinessProbe / livenessProbe
//     httpGet paths on the service port
//   service.ports: one TCP port (the component is http; without ports it is a worker)
//   resources: postgres, redis, s3 (bucket), amqp (queue) with params version, size, ha,
//     storage_gb, versioning, fifo; dns (params.host) and route (params host, path, port)
//     for the public URL
// Tested by tests/cli/score_test.cpp and tests/corpus/invalid (E0152).
#pragma once

#include <optional>
#include "base/diagnostic.h"

#include "spec/node.h"

namespace infrac {

// The service.yaml node of a Score workload; nothing when it cannot be read as one (each
// reason reported).
std::optional<Node> score_to_service(const Node& score, Diagnostics& diagnostics);

}  // namespace infrac
