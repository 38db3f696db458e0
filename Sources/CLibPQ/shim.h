#ifndef EDU_MIGRATE_CLIBPQ_SHIM_H
#define EDU_MIGRATE_CLIBPQ_SHIM_H
#include <postgresql/libpq-fe.h>
#endif
