// Moved: the sampler registry is registry/samplers.h (above oversampling/ and models/). This
// forwarding header stays until every caller includes the registry directly.
#pragma once

#include "autosmote/registry/samplers.h"
