/* Connects to 127.0.0.1:argv[1] where the test listens on the host. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(atoi(argv[1]));
  a.sin_addr.s_addr = htonl(0x7f000001);
  if (connect(s, (struct sockaddr *)&a, sizeof a) == 0) { write(s, "hi", 2); puts("connected"); }
  else puts("no network");
  close(s);
  return 0;
}
