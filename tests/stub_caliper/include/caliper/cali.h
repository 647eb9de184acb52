/* A stand-in for Caliper's C annotation API, for tests on machines without Caliper (it is not on PyPI or Debian
   and cannot be built offline). Same function names and macros as the real header; no measurements. */
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
void cali_begin_region(const char* name);
void cali_end_region(const char* name);
void cali_config_set(const char* key, const char* value);
#ifdef __cplusplus
}
#endif
#define CALI_MARK_BEGIN(name) cali_begin_region(name)
#define CALI_MARK_END(name) cali_end_region(name)
