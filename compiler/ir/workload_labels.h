// Labels infrac puts on Kubernetes objects that later steps select by: `infrac ci apply`
// (deliver/apply_steps.cpp) applies, prunes and waits by them, the operator commands find
// pods by them. Tested by tests/unit/delivery_test.cpp and tests/cli/delivery_cli_test.cpp.
#pragma once

namespace infrac {

inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kInstanceLabel = "app.kubernetes.io/instance";  // <service>-<env>
inline constexpr const char* kNameLabel = "app.kubernetes.io/name";          // the service
inline constexpr const char* kComponentNameLabel = "app.kubernetes.io/component";
// A canary Deployment's pods: track=canary, and app.kubernetes.io/name <service>-canary so
// that the stable track's selector ({component, name}, never changed: a Deployment's selector
// is immutable) misses them; the canary's Deployment and Service select {component, track}.
// Tested by tests/unit/canary_tracks_test.cpp.
inline constexpr const char* kTrackLabel = "infrac.dev/track";
// Jobs applied in a step of their own: before-rollout (migrations, to completion before the
// rest) and once (created only where they do not exist).
inline constexpr const char* kPhaseLabel = "infrac.dev/phase";
inline constexpr const char* kPhaseBeforeRollout = "before-rollout";
inline constexpr const char* kPhaseOnce = "once";
// A datastore's database-roles Job (lower/postgres_bootstrap.h), run before migrations. It and
// what it reads (its SQL, the master credentials) live in the platform namespace, never in the
// service's own: the service never holds the master credentials.
inline constexpr const char* kPhaseBootstrap = "bootstrap";
inline constexpr const char* kPlatformNamespace = "infrac-system";

}  // namespace infrac
