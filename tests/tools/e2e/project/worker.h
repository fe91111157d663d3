#ifndef E2E_WORKER_H
#define E2E_WORKER_H

/* Runs `n` threads that each add 1000 to g_total, without a lock: a data race. */
void run_workers(int n);
extern long g_total;

#endif
