// Moved: the classifier registry is registry/classifiers.h. This forwarding header stays until
// every caller includes the registry directly.
#pragma once

#include "autosmote/registry/classifiers.h"
