// Tries to leave the sandbox as root would: remount / read-write and write a host file, unmount /proc, join the
// host's namespaces, create new ones, ptrace and read the memory of a host process (argv[1]), read its environment.
// argv[2]: a host path to create. Prints one "name=errno" line per attempt (0 = it worked).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static void report(const char *what, int rc) { printf("%s=%d\n", what, rc == 0 ? 0 : errno); }

int main(int argc, char **argv) {
  int host = argc > 1 ? atoi(argv[1]) : 1;
  const char *target = argc > 2 ? argv[2] : "/tmp/pcwm-escaped";
  report("remount", mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL));
  mkdir("/tmp/hostroot", 0700);
  report("bind_root", mount("/", "/tmp/hostroot", NULL, MS_BIND | MS_REC, NULL));
  report("umount_proc", umount2("/proc", MNT_DETACH));
  int fd = open(target, O_CREAT | O_WRONLY, 0644);
  report("create_target", fd >= 0 ? 0 : -1);
  if (fd >= 0) { (void)!write(fd, "escaped\n", 8); close(fd); }
  int ns = open("/proc/1/ns/net", O_RDONLY);
  report("setns", ns >= 0 ? setns(ns, 0) : -1);
  report("unshare_user", unshare(CLONE_NEWUSER));
  report("unshare_mount", unshare(CLONE_NEWNS));
  report("ptrace", (int)ptrace(PTRACE_ATTACH, host, NULL, NULL) == 0 ? 0 : -1);
  char buf[64] = {0};
  struct iovec local = {buf, sizeof buf}, remote = {(void *)0x400000, sizeof buf};
  report("vm_readv", process_vm_readv(host, &local, 1, &remote, 1, 0) > 0 ? 0 : -1);
  report("keyctl", (int)syscall(SYS_keyctl, 0, 0, 0, 0, 0) == 0 ? 0 : -1);
  report("bpf", (int)syscall(SYS_bpf, 0, NULL, 0) >= 0 ? 0 : -1);
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/environ", host);
  int env = open(path, O_RDONLY);
  if (env >= 0) {
    char envbuf[8192];
    ssize_t n = read(env, envbuf, sizeof envbuf - 1);
    for (ssize_t i = 0; i < n; i++) if (envbuf[i] == 0) envbuf[i] = '\n';
    if (n > 0) { envbuf[n] = 0; printf("host_environ:\n%s\n", envbuf); }
  }
  report("host_environ", env >= 0 ? 0 : -1);
  FILE *st = fopen("/proc/self/status", "r");
  char line[256];
  while (st && fgets(line, sizeof line, st))
    if (!strncmp(line, "Uid:", 4) || !strncmp(line, "CapEff:", 7) || !strncmp(line, "Seccomp:", 8)) fputs(line, stdout);
  return 0;
}
