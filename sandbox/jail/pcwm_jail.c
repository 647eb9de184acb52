/* pcwm-jail: the last step before an untrusted command runs in the pcwm sandbox.
 *
 *   pcwm-jail [--status-fd N] -- COMMAND [ARGS...]
 *
 * 1. sets no_new_privs and installs a seccomp filter (libseccomp) that makes the system calls a contained program
 *    never needs fail with EPERM: mounting, namespaces, ptrace and cross-process memory access, kernel keyrings,
 *    bpf, perf events, module loading, reboot, ... (clone3 fails with ENOSYS so libc falls back to clone, whose
 *    namespace flags the filter can see);
 * 2. writes one line describing what the command will run with (uid, gid, capabilities, seccomp mode, pid) to
 *    --status-fd, read from /proc/self/status after step 1, so the record is measured, not assumed;
 * 3. closes every other inherited descriptor above 2 and execs COMMAND.
 * Exit codes: 121 usage, 122 seccomp setup failed, 123 exec failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const denied[] = {
    "mount", "umount2", "pivot_root", "chroot", "setns", "unshare", "ptrace", "process_vm_readv",
    "process_vm_writev", "process_madvise", "pidfd_getfd", "kcmp", "keyctl", "add_key", "request_key", "bpf",
    "perf_event_open", "userfaultfd", "init_module", "finit_module", "delete_module", "kexec_load",
    "kexec_file_load", "reboot", "swapon", "swapoff", "syslog", "acct", "quotactl", "quotactl_fd",
    "open_by_handle_at", "name_to_handle_at", "fsopen", "fsmount", "fsconfig", "fspick", "move_mount",
    "open_tree", "mount_setattr", "iopl", "ioperm", "lookup_dcookie", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "vhangup", "nfsservctl", "fanotify_init",
    "landlock_create_ruleset",
};

static int install_filter(void) {
    int rc = 0;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) return -1;
    for (size_t i = 0; i < sizeof denied / sizeof denied[0] && rc == 0; i++) {
        int nr = seccomp_syscall_resolve_name(denied[i]);
        if (nr == __NR_SCMP_ERROR) continue;
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
    }
    static const unsigned long ns[] = {CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
                                       CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0] && rc == 0; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, ns[i], ns[i]));
    int clone3 = seccomp_syscall_resolve_name("clone3");
    if (rc == 0 && clone3 != __NR_SCMP_ERROR) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), clone3, 0);
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
    if (rc == 0) rc = seccomp_load(ctx);
    seccomp_release(ctx);
    return rc;
}

static void write_status(int fd) {
    char buf[4096];
    int in = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    ssize_t n = in >= 0 ? read(in, buf, sizeof buf - 1) : -1;
    if (in >= 0) close(in);
    if (n < 0) n = 0;
    buf[n] = '\0';
    char out[512];
    int len = snprintf(out, sizeof out, "pid=%d", (int)getpid());
    static const char *const keys[] = {"Uid:", "Gid:", "CapEff:", "CapPrm:", "CapBnd:", "NoNewPrivs:", "Seccomp:"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char *p = strstr(buf, keys[k]);
        if (!p) continue;
        p += strlen(keys[k]);
        while (*p == '\t' || *p == ' ') p++;
        size_t w = strcspn(p, "\t\n");
        len += snprintf(out + len, sizeof out - len, " %.*s=%.*s", (int)strlen(keys[k]) - 1, keys[k], (int)w, p);
    }
    out[len < (int)sizeof out - 1 ? len : (int)sizeof out - 2] = '\n';
    (void)!write(fd, out, (size_t)(len < (int)sizeof out - 1 ? len + 1 : (int)sizeof out - 1));
}

int main(int argc, char **argv) {
    int status_fd = -1, i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--status-fd") == 0) {
        status_fd = atoi(argv[i + 1]);
        i += 2;
    }
    if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
        fprintf(stderr, "usage: pcwm-jail [--status-fd N] -- COMMAND [ARGS...]\n");
        return 121;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || install_filter() != 0) {
        fprintf(stderr, "pcwm-jail: cannot install the seccomp filter: %s\n", strerror(errno));
        return 122;
    }
    if (status_fd > 2) {
        write_status(status_fd);
        close(status_fd);
    }
    /* No host descriptor reaches the command; close_range is allowed by the filter. */
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execvp(argv[i + 1], argv + i + 1);
    fprintf(stderr, "pcwm-jail: cannot run %s: %s\n", argv[i + 1], strerror(errno));
    return 123;
}
