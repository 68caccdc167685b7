#ifndef CGLPK_SHIM_H
#define CGLPK_SHIM_H
// Debian's libglpk-dev installs glpk.h in /usr/include and ships no pkg-config file.
#include <glpk.h>
#endif
