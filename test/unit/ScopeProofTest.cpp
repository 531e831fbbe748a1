#include "lib/ScopeProof.h"
#include "TestAST.h"
#include "lib/CallIndex.h"
#include "lib/ScopeCatalog.h"
#include "lib/ScopeProofClasses.h"

#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

const std::string Prelude = std::string(test::ScopeApiPrelude) + R"(
  void work(void);
  int cond(void);
  void die(void) __attribute__((noreturn));
  struct handle { unsigned saved; struct { unsigned inner; } in; };
  static unsigned begin_op(void) { return memalloc_nofs_save(); }
  static void balanced_helper(void) {
    unsigned c = memalloc_nofs_save();
    memalloc_nofs_restore(c);
  }
  static int plain_helper(int x) { return x + 1; }
)";

/// The proof of the function `f` defined by \p Code after the prelude.
ProofResult proveF(const std::string &Code) {
  auto AST = test::parseC(Prelude + Code);
  auto &Ctx = AST->getASTContext();
  auto Found = match(functionDecl(hasName("f"), isDefinition()).bind("f"), Ctx);
  EXPECT_FALSE(Found.empty());
  if (Found.empty())
    return {};
  PFLayout PF = readPFLayout(Ctx, AST->getPreprocessor());
  CallIndex Calls(Ctx);
  ScopeProof Proof(ScopeFunctionSet::kernelApi(), Calls, &PF);
  return Proof.prove(*Found.front().getNodeAs<FunctionDecl>("f"));
}

#define EXPECT_PROVEN(Code)                                                    \
  do {                                                                         \
    ProofResult R = proveF(Code);                                              \
    EXPECT_TRUE(R.Proven) << R.Reason;                                         \
  } while (0)

/// Not settled, and the reason contains \p Why.
#define EXPECT_NOT_SETTLED(Code, Why)                                          \
  do {                                                                         \
    ProofResult R = proveF(Code);                                              \
    EXPECT_FALSE(R.Proven);                                                    \
    EXPECT_NE(R.Reason.find(Why), std::string::npos) << R.Reason;              \
  } while (0)

ProofScope scope(const CallExpr *Save, ScopeFamily F) {
  ProofScope S;
  S.Families = ScopeFamilySet(F);
  S.Save = Save;
  return S;
}

TEST(ScopeProofJoin, UnreachedIsTheIdentity) {
  ProofState Known = ProofState::entry();
  Known.scopes().push_back(scope(nullptr, ScopeFamily::NoFS));
  EXPECT_EQ(ProofState::join(ProofState::unreached(), Known), Known);
  EXPECT_EQ(ProofState::join(Known, ProofState::unreached()), Known);
  EXPECT_TRUE(ProofState::join(ProofState::unreached(), ProofState::unreached())
                  .isUnreached());
}

TEST(ScopeProofJoin, EqualStacksStay) {
  ProofState A = ProofState::entry(), B = ProofState::entry();
  A.scopes().push_back(scope(nullptr, ScopeFamily::NoFS));
  B.scopes().push_back(scope(nullptr, ScopeFamily::NoFS));
  ProofState J = ProofState::join(A, B);
  ASSERT_TRUE(J.isKnown());
  EXPECT_EQ(J.scopes().size(), 1u);
  EXPECT_TRUE(
      ProofState::join(ProofState::entry(), ProofState::entry()).isKnown());
}

TEST(ScopeProofJoin, DifferentStacksAreAmbiguous) {
  ProofState Open = ProofState::entry();
  Open.scopes().push_back(scope(nullptr, ScopeFamily::NoFS));
  // Open on one path, closed on the other.
  EXPECT_TRUE(ProofState::join(Open, ProofState::entry()).isAmbiguous());
  // The same depth, another family.
  ProofState Other = ProofState::entry();
  Other.scopes().push_back(scope(nullptr, ScopeFamily::NoIO));
  EXPECT_TRUE(ProofState::join(Open, Other).isAmbiguous());
  // Another save site of the same scope: the same state.
  ProofState Again = ProofState::entry();
  Again.scopes().push_back(scope(nullptr, ScopeFamily::NoFS));
  Again.scopes().back().Save = reinterpret_cast<const CallExpr *>(&Again);
  EXPECT_TRUE(ProofState::join(Open, Again).isKnown());
  // The same family, another cookie location.
  ProofState Stored = Open;
  Stored.scopes().back().Stored = true;
  EXPECT_TRUE(ProofState::join(Open, Stored).isAmbiguous());
}

TEST(ScopeProofJoin, AmbiguousAbsorbs) {
  EXPECT_TRUE(ProofState::join(ProofState::ambiguous(), ProofState::unreached())
                  .isAmbiguous());
  EXPECT_TRUE(ProofState::join(ProofState::entry(), ProofState::ambiguous())
                  .isAmbiguous());
}

TEST(ScopeProof, StraightLineAndEarlyReturns) {
  EXPECT_PROVEN("void f(void) { unsigned c = memalloc_nofs_save(); work();"
                " memalloc_nofs_restore(c); }");
  EXPECT_PROVEN("int f(void) { unsigned c; if (cond()) return 1;"
                " c = memalloc_nofs_save();"
                " if (cond()) { memalloc_nofs_restore(c); return 2; }"
                " memalloc_nofs_restore(c); return 0; }");
}

TEST(ScopeProof, GotoUnwindingAndLoops) {
  EXPECT_PROVEN("int f(int n) { int i, r = 0; unsigned c = "
                "memalloc_noio_save();"
                " for (i = 0; i < n; i++) { if (cond()) goto out;"
                " if (cond()) continue; r += i; }"
                " while (cond()) work();"
                "out: memalloc_noio_restore(c); return r; }");
  // A scope opened and closed in each iteration.
  EXPECT_PROVEN("void f(int n) { while (n--) { unsigned c = "
                "memalloc_nofs_save(); work(); memalloc_nofs_restore(c); } }");
}

TEST(ScopeProof, ManyBranchesStayLinear) {
  std::string Body = "int f(int *a) { unsigned c = memalloc_nofs_save();"
                     " int s = 0;";
  for (int I = 0; I < 200; ++I)
    Body += " if (a[" + std::to_string(I % 7) + "] > " + std::to_string(I) +
            ") s += plain_helper(s); else s -= 1;";
  Body += " memalloc_nofs_restore(c); return s; }";
  EXPECT_PROVEN(Body);
}

TEST(ScopeProof, LeakAndCorrelatedConditionsAreNotSettled) {
  EXPECT_NOT_SETTLED("int f(void) { unsigned c = memalloc_nofs_save();"
                     " if (cond()) return 1; memalloc_nofs_restore(c);"
                     " return 0; }",
                     "open at an exit");
  // Correlated only by meaning: the two conditions are different guards,
  // so the restore may run on paths without the save.
  EXPECT_NOT_SETTLED("void f(int m) { unsigned c; if (m > 2) c = "
                     "memalloc_nofs_save(); work();"
                     " if (m >= 3) memalloc_nofs_restore(c); }",
                     "may not be open");
  // A save in a loop that the loop does not close.
  EXPECT_NOT_SETTLED("void f(int n) { unsigned c; while (n--) c = "
                     "memalloc_nofs_save(); }",
                     "");
}

// A condition over local variables, tested again with none of them written
// in between, is a guard like a variable (6.12's __vmalloc_area_node()).
TEST(ScopeProof, RepeatedConditionsAreGuards) {
  EXPECT_PROVEN("void f(int m) { unsigned c; if (m > 2) c = "
                "memalloc_nofs_save(); work();"
                " if (m > 2) memalloc_nofs_restore(c); }");
  EXPECT_PROVEN("void f(unsigned g) { unsigned c;"
                " if ((g & 12) == 4) c = memalloc_nofs_save();"
                " else if ((g & 12) == 0) c = memalloc_noio_save();"
                " work();"
                " if ((g & 12) == 4) memalloc_nofs_restore(c);"
                " else if ((g & 12) == 0) memalloc_noio_restore(c); }");
  // A variable of the condition written in between: the assumption goes.
  EXPECT_NOT_SETTLED("void f(int m) { unsigned c; if (m > 2) c = "
                     "memalloc_nofs_save(); m = cond();"
                     " if (m > 2) memalloc_nofs_restore(c); }",
                     "where paths merge");
  // Not through memory: a field may change under a call.
  EXPECT_NOT_SETTLED("void f(struct handle *h) { unsigned c;"
                     " if (h->saved > 2) c = memalloc_nofs_save(); work();"
                     " if (h->saved > 2) memalloc_nofs_restore(c); }",
                     "where paths merge");
  // A guard set to a constant is known again on that path (md_start_sync()
  // in 6.12: `bool suspend = false; ... suspend = true; save`).
  EXPECT_PROVEN("void f(int m) { unsigned c; int s = 0;"
                " if (m > cond()) { s = 1; c = memalloc_nofs_save(); }"
                " work(); if (s) memalloc_nofs_restore(c); }");
  EXPECT_NOT_SETTLED(
      "void f(int m) { unsigned c; int s = 0;"
      " if (m > cond()) { s = cond(); c = memalloc_nofs_save(); }"
      " work(); if (s) memalloc_nofs_restore(c); }",
      "");
  // Nor when its address is taken.
  EXPECT_NOT_SETTLED("void take(int *); void f(int m) { unsigned c;"
                     " take(&m); if (m > 2) c = memalloc_nofs_save(); work();"
                     " if (m > 2) memalloc_nofs_restore(c); }",
                     "where paths merge");
}

TEST(ScopeProof, LeakingExitsOnlyWhenEveryPathLeaks) {
  // Open on every path through the first return: that exit is named.
  ProofResult R = proveF("int f(void) { unsigned c = memalloc_nofs_save();"
                         " if (cond()) return 1; memalloc_nofs_restore(c);"
                         " return 0; }");
  EXPECT_FALSE(R.Proven);
  EXPECT_EQ(R.LeakingExits.size(), 1u);
  // Falling off the end: the closing brace.
  R = proveF("void f(void) { unsigned c = memalloc_nofs_save(); work(); }");
  EXPECT_EQ(R.LeakingExits.size(), 1u);
  // Open on some paths only: no exit can be named.
  R = proveF("void f(int m) { unsigned c; if (m) c = memalloc_nofs_save();"
             " work(); }");
  EXPECT_FALSE(R.Proven);
  EXPECT_TRUE(R.LeakingExits.empty());
  // Balanced: none.
  R = proveF("void f(void) { unsigned c = memalloc_nofs_save();"
             " memalloc_nofs_restore(c); }");
  EXPECT_TRUE(R.Proven);
  EXPECT_TRUE(R.LeakingExits.empty());
}

TEST(ScopeProof, NestingAndFamilies) {
  EXPECT_PROVEN("void f(void) { unsigned a = memalloc_nofs_save();"
                " unsigned b = memalloc_nofs_save(); memalloc_nofs_restore(b);"
                " memalloc_nofs_restore(a); }");
  // Different families may interleave.
  EXPECT_PROVEN("void f(void) { unsigned a = memalloc_nofs_save();"
                " unsigned b = memalloc_noio_save(); memalloc_nofs_restore(a);"
                " memalloc_noio_restore(b); }");
  EXPECT_PROVEN("void f(void) { unsigned a = "
                "memalloc_flags_save(PF_MEMALLOC_NOFS); work();"
                " memalloc_flags_restore(a); }");
  EXPECT_NOT_SETTLED("void f(void) { unsigned a = memalloc_nofs_save();"
                     " unsigned b = memalloc_nofs_save();"
                     " memalloc_nofs_restore(a); memalloc_nofs_restore(b); }",
                     "LIFO");
  EXPECT_NOT_SETTLED("void f(void) { unsigned a = memalloc_nofs_save();"
                     " memalloc_noio_restore(a); }",
                     "another family");
  EXPECT_NOT_SETTLED("void f(unsigned x) { unsigned a = "
                     "memalloc_flags_save(x); memalloc_flags_restore(a); }",
                     "unknown families");
}

TEST(ScopeProof, CookiesOutsideTheModelAreNotSettled) {
  EXPECT_NOT_SETTLED("void f(void) { memalloc_nofs_save(); }", "not kept");
  EXPECT_NOT_SETTLED("void f(void) { memalloc_nofs_restore(0); }",
                     "does not follow");
  // Read besides the restore (6.9+ `if (flags)`): the engine decides.
  EXPECT_NOT_SETTLED("void f(void) { unsigned c = memalloc_nofs_save();"
                     " if (c) memalloc_nofs_restore(c); }",
                     "not kept");
  EXPECT_NOT_SETTLED("void f(void) { unsigned c = memalloc_nofs_save();"
                     " unsigned d = c; memalloc_nofs_restore(d); }",
                     "not kept");
  EXPECT_NOT_SETTLED("void f(void) { unsigned c = memalloc_nofs_save();"
                     " c = memalloc_nofs_save(); memalloc_nofs_restore(c); }",
                     "overwritten");
  EXPECT_NOT_SETTLED("void f(void) { unsigned c = memalloc_nofs_save();"
                     " memalloc_nofs_restore(c); memalloc_nofs_restore(c); }",
                     "may not be open");
  EXPECT_NOT_SETTLED(
      "void g(unsigned *); void f(void) { unsigned c ="
      " memalloc_nofs_save(); g(&c); memalloc_nofs_restore(c); }",
      "not kept");
}

TEST(ScopeProof, CallersCookiesAndStoredCookies) {
  // A restore of the caller's cookie (end_op(cookie)).
  EXPECT_PROVEN("void f(unsigned flags) { work();"
                " memalloc_nofs_restore(flags); }");
  EXPECT_PROVEN(
      "void f(struct handle *h) { memalloc_nofs_restore(h->saved); }");
  // Stored to a parameter's field: it leaves the function.
  EXPECT_PROVEN("void f(struct handle *h) { work();"
                " h->in.inner = memalloc_nofs_save(); }");
  EXPECT_PROVEN("void f(struct handle *h) { h->saved = memalloc_nofs_save();"
                " work(); memalloc_nofs_restore(h->saved); }");
  // Stored twice on one path: the first cookie is overwritten.
  EXPECT_NOT_SETTLED("void f(struct handle *h) {"
                     " h->saved = memalloc_nofs_save();"
                     " h->saved = memalloc_nofs_save(); }",
                     "overwritten");
  EXPECT_NOT_SETTLED("void f(struct handle *h, struct handle *o) {"
                     " h->saved = memalloc_nofs_save(); *h = *o; }",
                     "not kept");
  // A struct holding it by value assigned whole; one that does not hold it
  // (INIT_WORK_ONSTACK() assigns an atomic_long_t in kfd's
  // suspend_queues(), 6.12) overwrites no cookie.
  EXPECT_NOT_SETTLED("struct outer { int n; struct handle h; };"
                     " void f(struct outer *p, struct outer *o) {"
                     " p->h.saved = memalloc_nofs_save(); *p = *o;"
                     " memalloc_nofs_restore(p->h.saved); }",
                     "not kept");
  EXPECT_NOT_SETTLED("struct pair { struct handle hs[2]; };"
                     " void f(struct handle *h, struct pair *p, struct pair *o)"
                     " { h->saved = memalloc_nofs_save(); *p = *o;"
                     " memalloc_nofs_restore(h->saved); }",
                     "not kept");
  EXPECT_NOT_SETTLED("void f(struct handle *h, struct handle *o) {"
                     " h->in.inner = memalloc_nofs_save(); h->in = o->in;"
                     " memalloc_nofs_restore(h->in.inner); }",
                     "not kept");
  EXPECT_PROVEN("struct counter { long v; }; struct handle *peer(void);"
                " void f(struct handle *h) { struct counter c;"
                " h->saved = memalloc_nofs_save();"
                " c = (struct counter){ 0 }; work();"
                " memalloc_nofs_restore(h->saved); }");
  EXPECT_NOT_SETTLED("void f(struct handle *h) { h->saved = 0;"
                     " memalloc_nofs_restore(h->saved); }",
                     "does not follow");
}

TEST(ScopeProof, HelpersThatAreSavesOrRestoresInEffect) {
  // ext4_writepages_down_write() returns memalloc_nofs_save()'s cookie,
  // ext4_writepages_up_write(sb, ctx) restores ctx (6.1.y, 6.6+).
  const std::string EndOp = "static void end_op(int x, unsigned c) {"
                            " work(); memalloc_nofs_restore(c); }";
  EXPECT_PROVEN("void f(void) { unsigned c = begin_op();"
                " memalloc_nofs_restore(c); }");
  EXPECT_PROVEN(EndOp + " void f(void) { unsigned c = begin_op(); work();"
                        " end_op(1, c); }");
  EXPECT_PROVEN(EndOp + " static unsigned outer(void) { return begin_op(); }"
                        " static void end_outer(unsigned c) { end_op(0, c); }"
                        " void f(void) { unsigned c = outer();"
                        " end_outer(c); }");
  // The helpers' own scopes follow LIFO like any other.
  EXPECT_NOT_SETTLED(EndOp + " void f(void) { unsigned c = begin_op();"
                             " unsigned d = memalloc_nofs_save();"
                             " end_op(0, c); memalloc_nofs_restore(d); }",
                     "LIFO");
  EXPECT_NOT_SETTLED(EndOp + " void f(void) { unsigned c = begin_op(); }",
                     "open at an exit");
  EXPECT_NOT_SETTLED("void f(void) { begin_op(); }", "not kept");
  // Not a restore on every path, or more than once on one: the engine's.
  EXPECT_NOT_SETTLED("static void end_maybe(unsigned c) {"
                     " if (cond()) memalloc_nofs_restore(c); }"
                     " void f(void) { unsigned c = begin_op();"
                     " end_maybe(c); }",
                     "not kept");
  EXPECT_NOT_SETTLED("static void end_loop(unsigned c) {"
                     " do memalloc_nofs_restore(c); while (cond()); }"
                     " void f(void) { unsigned c = begin_op();"
                     " end_loop(c); }",
                     "not kept");
  EXPECT_NOT_SETTLED("static void end_twice(unsigned c) {"
                     " memalloc_nofs_restore(c); memalloc_nofs_restore(c); }"
                     " void f(void) { unsigned c = begin_op();"
                     " end_twice(c); }",
                     "not kept");
  EXPECT_NOT_SETTLED("static void end_die(unsigned c) {"
                     " if (cond()) die(); memalloc_nofs_restore(c); }"
                     " void f(void) { unsigned c = begin_op();"
                     " end_die(c); }",
                     "not kept");
  // Not a save on every path.
  EXPECT_NOT_SETTLED("static unsigned begin_maybe(void) {"
                     " if (cond()) return 0; return memalloc_nofs_save(); }"
                     " void f(void) { unsigned c = begin_maybe();"
                     " memalloc_nofs_restore(c); }",
                     "'begin_maybe'");
}

TEST(ScopeProof, StructuresInsideTheCallersAndLocalPointers) {
  // amdgpu_mes_lock(&adev->mes) keeps the cookie in adev->mes.saved_flags;
  // kfd's add_queue_mes() reaches adev through a local pointer (6.1+).
  const std::string Lock =
      "struct mes { unsigned saved; }; struct dev { int n; struct mes mes; };"
      " struct dev *get(void);"
      " static void lock(struct mes *m) {"
      " m->saved = memalloc_noreclaim_save(); }"
      " static void unlock(struct mes *m) {"
      " memalloc_noreclaim_restore(m->saved); }";
  EXPECT_PROVEN(Lock + " void f(struct dev *d) { lock(&d->mes); work();"
                       " unlock(&d->mes); }");
  EXPECT_PROVEN(Lock + " void f(void) { struct dev *d = get();"
                       " lock(&d->mes); unlock(&d->mes); }");
  // The pointer written in between, or declared again while the scope it
  // leads to is open: it may point elsewhere.
  EXPECT_NOT_SETTLED(Lock + " void f(void) { struct dev *d = get();"
                            " lock(&d->mes); d = get(); unlock(&d->mes); }",
                     "while a scope of its family is open");
  EXPECT_NOT_SETTLED(Lock + " void f(void) { while (cond()) {"
                            " struct dev *d = get(); lock(&d->mes); } }",
                     "declared again");
  // A cookie kept through a local pointer does not leave the function.
  EXPECT_NOT_SETTLED(Lock + " void f(void) { struct dev *d = get();"
                            " d->mes.saved = memalloc_nofs_save(); }",
                     "open at an exit");
  EXPECT_PROVEN(Lock + " void f(struct dev *d) {"
                       " d->mes.saved = memalloc_nofs_save(); }");
}

TEST(ScopeProof, LocalPointersGivenANewValue) {
  // cifs's SendReceive() (`server = ses->server;`) and kfd's
  // kfd_sdma_activity_worker() (`dqm = pdd->dev->dqm;`) assign the pointer
  // they lock through: a scope named through it is the one the pointer
  // leads to while no scope is open there.
  const std::string Lock =
      "struct dev { unsigned saved; }; struct dev *get(void);"
      " static void lock(struct dev *d) {"
      " d->saved = memalloc_noreclaim_save(); }"
      " static void unlock(struct dev *d) {"
      " memalloc_noreclaim_restore(d->saved); }";
  EXPECT_PROVEN(Lock + " void f(void) { struct dev *d; d = get();"
                       " if (!d) return; lock(d); work(); unlock(d); }");
  EXPECT_PROVEN(Lock + " void f(void) { struct dev *d = 0;"
                       " while (cond()) { d = get(); lock(d); work();"
                       " unlock(d); } }");
  EXPECT_PROVEN(Lock + " void f(void) { struct dev *d; d = get();"
                       " d->saved = memalloc_nofs_save(); work();"
                       " memalloc_nofs_restore(d->saved); }");
  // A new value while a scope is open through it: the restore that follows
  // may close another structure's scope.
  EXPECT_NOT_SETTLED(Lock + " void f(void) { struct dev *d; d = get();"
                            " lock(d); d = get(); unlock(d); }",
                     "while a scope of its family is open");
  EXPECT_NOT_SETTLED(Lock + " void f(void) { struct dev *d; d = get();"
                            " lock(d); if (cond()) d = get(); unlock(d); }",
                     "a restore");
  EXPECT_NOT_SETTLED(Lock + " void f(void) { struct dev *d; d = get();"
                            " d->saved = memalloc_nofs_save(); d = get();"
                            " memalloc_nofs_restore(d->saved); }",
                     "given a new value");
  // Its address taken: any call may write it.
  EXPECT_NOT_SETTLED(Lock + " void g(struct dev **p); void f(void) {"
                            " struct dev *d; d = get(); g(&d); lock(d);"
                            " work(); unlock(d); }",
                     "cannot name");
}

TEST(ScopeProof, GlobalPointersNameTheirStructure) {
  // nfsd's filecache (5.10.y-6.12) locks its fsnotify group through a
  // static global: fsnotify_group_lock(nfsd_file_fsnotify_group), then
  // fsnotify_group_unlock() on the same pointer, NOFS only when the group's
  // flag says so.
  const std::string Group = "struct group { int flags; unsigned owner; };"
                            " static struct group *the_group;"
                            " static void glock(struct group *g) {"
                            " if (g->flags) g->owner = memalloc_nofs_save(); }"
                            " static void gunlock(struct group *g) {"
                            " if (g->flags) memalloc_nofs_restore(g->owner); }";
  EXPECT_PROVEN(Group + " void f(void) { glock(the_group); work();"
                        " gunlock(the_group); }");
  EXPECT_PROVEN(Group + " void *f(void) { do { glock(the_group);"
                        " if (cond()) { gunlock(the_group); return 0; }"
                        " gunlock(the_group); } while (cond()); return 0; }");
  // The function's own save into the global's structure leaves with it.
  EXPECT_PROVEN(Group + " void f(void) {"
                        " the_group->owner = memalloc_nofs_save(); }");
  // A helper that locks it, and one that unlocks it: their callers pair
  // them by the global's name.
  EXPECT_PROVEN(Group + " static void l(void) { glock(the_group); }"
                        " static void u(void) { gunlock(the_group); }"
                        " void f(void) { l(); work(); u(); }");
  // The function gives the pointer a new value while the scope is open.
  EXPECT_NOT_SETTLED(Group + " struct group *get(void); void f(void) {"
                             " glock(the_group); the_group = get();"
                             " gunlock(the_group); }",
                     "cannot name");
  // Its address taken: not followed.
  EXPECT_NOT_SETTLED(Group + " void g(struct group **p); void f(void) {"
                             " glock(the_group); g(&the_group);"
                             " gunlock(the_group); }",
                     "cannot name");
  // A volatile pointer is not named.
  EXPECT_NOT_SETTLED("struct group { int flags; unsigned owner; };"
                     " static struct group *volatile vg;"
                     " static void glock(struct group *g) {"
                     " g->owner = memalloc_nofs_save(); }"
                     " static void gunlock(struct group *g) {"
                     " memalloc_nofs_restore(g->owner); }"
                     " void f(void) { glock(vg); gunlock(vg); }",
                     "cannot name");
}

TEST(ScopeProof, ScopesHandedBackThroughAnOutParameter) {
  // xfs_trans_alloc(..., &tp) (4.x-6.12) opens the transaction's scope and
  // hands the transaction back through *tpp when it returns 0; on an error
  // it has closed the scope again. Its callers (xfs_trans_alloc_inode() and
  // its siblings, 5.14+) keep the result and cancel or hand on the scope.
  const std::string Trans =
      "struct trans { unsigned pflags; };"
      " struct trans *talloc(void); int reserve(struct trans *tp);"
      " void tfree(struct trans *tp);"
      " static void set_context(struct trans *tp) {"
      " tp->pflags = memalloc_nofs_save(); }"
      " static void cancel(struct trans *tp) {"
      " memalloc_nofs_restore(tp->pflags); tfree(tp); }"
      " static int alloc(int blocks, struct trans **tpp) {"
      " struct trans *tp; int error;"
      " retry: tp = talloc(); set_context(tp); error = reserve(tp);"
      " if (error == -28 && blocks) { cancel(tp); error = reserve(0);"
      " if (error) return error; blocks = 0; goto retry; }"
      " if (error) { cancel(tp); return error; }"
      " *tpp = tp; return 0; }";
  EXPECT_PROVEN(Trans + " int f(struct trans **tpp) { struct trans *tp;"
                        " int error; error = alloc(1, &tp);"
                        " if (error) return error;"
                        " if (cond()) { cancel(tp); return -5; }"
                        " *tpp = tp; return 0; }");
  EXPECT_PROVEN(Trans + " int f(void) { struct trans *tp;"
                        " int error = alloc(1, &tp); if (!error) cancel(tp);"
                        " return error; }");
  // Declared beside another variable: the CFG makes its own declaration
  // statements, so the result is not followed, and the scope is open on
  // some paths (not lost): closing it inside a later scope of the caller's
  // is out of order.
  EXPECT_NOT_SETTLED(Trans + " int f(void) { struct trans *tp; unsigned c;"
                             " int n = 1, error = alloc(n, &tp);"
                             " c = memalloc_nofs_save();"
                             " if (!error) cancel(tp);"
                             " memalloc_nofs_restore(c); return error; }",
                     "LIFO");
  // A retry on one error: where the first call succeeded, the result is 0
  // and the test for the error is false (PathGuards::valueUnder()). The
  // function hands the scope back in turn, so its caller pairs it.
  const std::string Retry =
      Trans + " static int relay(struct trans **tpp) { struct trans *tp;"
              " int error = alloc(1, &tp);"
              " if (error == -28) error = alloc(0, &tp);"
              " if (error) return error; *tpp = tp; return 0; }";
  EXPECT_PROVEN(Retry + " int f(void) { struct trans *tp; int error;"
                        " error = relay(&tp); if (error) return error;"
                        " cancel(tp); return 0; }");
  // The caller's own scope opened after the transaction's and closed
  // before it: out of order.
  EXPECT_NOT_SETTLED(Trans + " int f(void) { struct trans *tp; unsigned c;"
                             " int error = alloc(1, &tp);"
                             " if (error) return error;"
                             " c = memalloc_nofs_save(); cancel(tp);"
                             " memalloc_nofs_restore(c); return 0; }",
                     "LIFO");
  // The callee returns 0 once without the scope: it hands nothing back by
  // its result, so the caller's close cannot be paired.
  EXPECT_NOT_SETTLED(
      Trans + " static int alloc0(int blocks, struct trans **tpp) {"
              " struct trans *tp; if (!blocks) return 0; tp = talloc();"
              " set_context(tp); *tpp = tp; return 0; }"
              " int f(void) { struct trans *tp; int error = alloc0(1, &tp);"
              " if (error) return error; cancel(tp); return 0; }",
      "cannot name");
  // It returns a value the proof cannot tell from 0 with nothing open.
  EXPECT_NOT_SETTLED(
      Trans + " static int allocu(struct trans **tpp) { struct trans *tp;"
              " if (cond()) return reserve(0); tp = talloc();"
              " set_context(tp); *tpp = tp; return 0; }"
              " int f(void) { struct trans *tp; int error = allocu(&tp);"
              " if (error) return error; cancel(tp); return 0; }",
      "cannot name");
  // It reads its out-parameter too.
  EXPECT_NOT_SETTLED(
      Trans + " static int allocr(struct trans **tpp) { struct trans *tp;"
              " if (*tpp) return -1; tp = talloc(); set_context(tp);"
              " *tpp = tp; return 0; }"
              " int f(void) { struct trans *tp = 0; int error = allocr(&tp);"
              " if (error) return error; cancel(tp); return 0; }",
      "cannot name");
}

TEST(ScopeProof, ClosesThroughALocalPointerAreScopesFromOutside) {
  // fsnotify_destroy_marks() (5.10-6.12): `mark` walks a list and
  // fsnotify_destroy_mark(mark, mark->group) locks and unlocks the group,
  // the NOFS scope only when the group's flag says so: the unlock may close
  // a scope the function never opened, so it must be one from outside.
  const std::string Group =
      "struct group { int flags; unsigned owner; };"
      " struct mark { struct group *group; struct mark *next; };"
      " static void glock(struct group *g) {"
      " if (g->flags) g->owner = memalloc_nofs_save(); }"
      " static void gunlock(struct group *g) {"
      " if (g->flags) memalloc_nofs_restore(g->owner); }"
      " static void destroy(struct mark *m, struct group *g) {"
      " glock(g); work(); gunlock(g); }"
      " struct mark *first(void);";
  EXPECT_PROVEN(Group + " void f(void) { struct mark *m;"
                        " for (m = first(); m; m = m->next)"
                        " destroy(m, m->group); }");
  EXPECT_PROVEN(Group + " void f(void) { struct mark *m = first();"
                        " gunlock(m->group); }");
  // A scope of the same family open around it: the close may be its.
  EXPECT_NOT_SETTLED(Group + " void f(void) { struct mark *m;"
                             " unsigned c = memalloc_nofs_save();"
                             " for (m = first(); m; m = m->next)"
                             " destroy(m, m->group);"
                             " memalloc_nofs_restore(c); }",
                     "while a scope of its family is open");
  // The function saves into that field itself: b's group may be a's, its
  // cookie restored twice.
  EXPECT_NOT_SETTLED(Group + " void f(void) { struct mark *a = first();"
                             " struct mark *b = first();"
                             " a->group->owner = memalloc_nofs_save();"
                             " memalloc_nofs_restore(a->group->owner);"
                             " memalloc_nofs_restore(b->group->owner); }",
                     "may not be open");
  EXPECT_NOT_SETTLED(Group + " void f(void) { struct mark *m = first();"
                             " m->group->owner = memalloc_nofs_save();"
                             " m = first();"
                             " memalloc_nofs_restore(m->group->owner); }",
                     "new value");
}

TEST(ScopeProof, CalleesTheEngineWouldInline) {
  // A helper that leaks, or touches its caller's scopes, is the engine's.
  EXPECT_NOT_SETTLED("static void leaky(void) { unsigned c ="
                     " memalloc_nofs_save(); }"
                     " void f(void) { unsigned c = memalloc_noio_save();"
                     " leaky(); memalloc_noio_restore(c); }",
                     "'leaky'");
  EXPECT_NOT_SETTLED("static void end_op(unsigned c) {"
                     " memalloc_nofs_restore(c); }"
                     " void f(void) { unsigned c = memalloc_noio_save();"
                     " end_op(5); memalloc_noio_restore(c); }",
                     "does not follow");
  // An indirect call the engine can resolve (a local holding the address
  // of a function that reaches a scope call).
  EXPECT_NOT_SETTLED("void f(void) { void (*g)(void) = (void (*)(void))"
                     " begin_op; unsigned c = memalloc_noio_save();"
                     " g(); memalloc_noio_restore(c); }",
                     "indirect call");
}

TEST(ScopeProof, SelfContainedCalleesAndOpaqueIndirectCalls) {
  // A helper balanced on its own leaves the caller's scopes as they were,
  // also through a helper of its own.
  EXPECT_PROVEN("void f(void) { unsigned c = memalloc_noio_save();"
                " balanced_helper(); memalloc_noio_restore(c); }");
  EXPECT_PROVEN("static void outer(void) { work(); balanced_helper(); }"
                " void f(void) { unsigned c = memalloc_noio_save();"
                " outer(); memalloc_noio_restore(c); }");
  // A function pointer loaded from a parameter: unknown to the engine too.
  EXPECT_PROVEN("struct ops { void (*run)(void); };"
                " void (*keep)(void) = (void (*)(void))begin_op;"
                " void f(struct ops *o) { unsigned c = memalloc_noio_save();"
                " o->run(); memalloc_noio_restore(c); }");
}

TEST(ScopeProof, IndirectCallsTheEngineCannotResolve) {
  // The unit takes the address of a function that reaches a scope call,
  // but not in f or anything f calls: f's `m->cb(m)` is unknown to the
  // engine (cifs_abort_connection()'s `mid->callback(mid)`).
  const std::string Unit =
      "struct mid { void (*cb)(struct mid *); struct mid *next; };"
      " static void scope_cb(struct mid *m) { unsigned c ="
      " memalloc_nofs_save(); work(); memalloc_nofs_restore(c); }"
      " void install(struct mid *m) { m->cb = scope_cb; }"
      " static void run_one(struct mid *m) { m->cb(m); }";
  EXPECT_PROVEN(Unit + " void f(struct mid *head) { unsigned c ="
                       " memalloc_noio_save(); struct mid *m;"
                       " for (m = head->next; m; m = m->next) m->cb(m);"
                       " memalloc_noio_restore(c); }");
  // Also through a callee whose proof took its indirect call as unknown.
  EXPECT_PROVEN(Unit + " void f(struct mid *m) { unsigned c ="
                       " memalloc_noio_save(); run_one(m);"
                       " memalloc_noio_restore(c); }");
  // f, or a function it calls, takes the address: the engine may know it.
  EXPECT_NOT_SETTLED(Unit + " void f(struct mid *m) { unsigned c ="
                            " memalloc_noio_save(); install(m); m->cb(m);"
                            " memalloc_noio_restore(c); }",
                     "indirect call");
  EXPECT_NOT_SETTLED(Unit + " void f(struct mid *m) { unsigned c ="
                            " memalloc_noio_save(); install(m); run_one(m);"
                            " memalloc_noio_restore(c); }",
                     "indirect call");
  // A const table the engine reads.
  EXPECT_NOT_SETTLED(Unit + " static const struct mid table = { scope_cb };"
                            " void f(void) { unsigned c ="
                            " memalloc_noio_save(); table.cb(0);"
                            " memalloc_noio_restore(c); }",
                     "indirect call");
}

TEST(ScopeProof, NoReturnEndsThePath) {
  EXPECT_PROVEN("void f(void) { unsigned c = memalloc_nofs_save();"
                " if (cond()) die(); memalloc_nofs_restore(c); }");
}

TEST(ScopeProof, CleanupGuardsAreLeftToTheEngine) {
  EXPECT_NOT_SETTLED("void put(unsigned *); void f(void) {"
                     " unsigned c __attribute__((cleanup(put))) ="
                     " memalloc_nofs_save(); work(); }",
                     "not kept");
}

TEST(ScopeProof, RecursionIsTheInductionHypothesis) {
  // A call of the function itself leaves the scopes as it found them.
  EXPECT_PROVEN("struct node { struct node *l, *r; };"
                " void f(struct node *n) { unsigned c; if (!n) return;"
                " c = memalloc_nofs_save(); f(n->l); f(n->r);"
                " memalloc_nofs_restore(c); }");
  // Not when the function restores scopes it did not open.
  EXPECT_NOT_SETTLED("struct node { struct node *l; };"
                     " void f(struct node *n, unsigned c) {"
                     " if (n) f(n->l, 0); memalloc_nofs_restore(c); }",
                     "a recursive function that restores or stores");
  // A leak is still a leak.
  EXPECT_NOT_SETTLED("struct node { struct node *l; };"
                     " void f(struct node *n) { unsigned c;"
                     " c = memalloc_nofs_save(); if (n) { f(n->l); return; }"
                     " memalloc_nofs_restore(c); }",
                     "a scope open at an exit");
}

TEST(ScopeProof, MutualRecursionIsTheInductionHypothesis) {
  // f -> g -> f: the call back into f, whose proof is under way, leaves the
  // scopes as it found them (6.12's __vmalloc_area_node()).
  EXPECT_PROVEN("static void g(int n); void f(int n) {"
                " unsigned c = memalloc_nofs_save(); if (n) g(n - 1);"
                " memalloc_nofs_restore(c); }"
                " static void g(int n) { if (n) f(n - 1); }");
  // Not when the function in between leaks.
  EXPECT_NOT_SETTLED("static void g(int n); void f(int n) {"
                     " unsigned c = memalloc_nofs_save(); if (n) g(n - 1);"
                     " memalloc_nofs_restore(c); }"
                     " static void g(int n) { if (n) f(n - 1);"
                     " else memalloc_nofs_save(); }",
                     "from which a scope call is reachable");
}

TEST(ScopeProof, ResultsUnderAHypothesisAreNotKept) {
  // Proving a (which leaks) computes g's effect assuming a is balanced;
  // that effect must not be reused for f, whose call of g runs a's leak.
  auto AST = test::parseC(Prelude + R"(
    static void a(int n);
    static void g(int n) { if (n) a(n - 1); }
    static void a(int n) {
      unsigned c = memalloc_nofs_save();
      if (n) g(n);
      if (n > 5) return;
      memalloc_nofs_restore(c);
    }
    void f(int n) { unsigned c = memalloc_nofs_save(); g(n);
                    memalloc_nofs_restore(c); }
  )");
  auto &Ctx = AST->getASTContext();
  auto Named = [&](StringRef Name) {
    return match(functionDecl(hasName(Name), isDefinition()).bind("f"), Ctx)
        .front()
        .getNodeAs<FunctionDecl>("f");
  };
  PFLayout PF = readPFLayout(Ctx, AST->getPreprocessor());
  CallIndex Calls(Ctx);
  ScopeProof Proof(ScopeFunctionSet::kernelApi(), Calls, &PF);
  EXPECT_FALSE(Proof.prove(*Named("a")).Proven);
  EXPECT_FALSE(Proof.prove(*Named("f")).Proven);
}

// The helpers of fs/smb/client/cifsglob.h (6.1-6.12): the cookie is copied
// between a local and a field of the structure.
const char *ServerLock = R"(
  struct server { int mutex; unsigned int nofs_flag; };
  void mutex_lock(int *); void mutex_unlock(int *);
  static void server_lock(struct server *server) {
    unsigned int nofs_flag = memalloc_nofs_save();
    mutex_lock(&server->mutex);
    server->nofs_flag = nofs_flag;
  }
  static void server_unlock(struct server *server) {
    unsigned int nofs_flag = server->nofs_flag;
    mutex_unlock(&server->mutex);
    memalloc_nofs_restore(nofs_flag);
  }
)";

TEST(ScopeProofJoin, HandedOffScopesAreUnited) {
  HandedOffScope H;
  H.Families = ScopeFamilySet(ScopeFamily::NoFS);
  ProofState With = ProofState::entry(), Without = ProofState::entry();
  With.handedOff().push_back(H);
  ProofState J = ProofState::join(With, Without);
  ASSERT_TRUE(J.isKnown());
  ASSERT_EQ(J.handedOff().size(), 1u);
  EXPECT_TRUE(J.handedOff().front().Maybe);
  J = ProofState::join(Without, With);
  ASSERT_EQ(J.handedOff().size(), 1u);
  EXPECT_TRUE(J.handedOff().front().Maybe);
  J = ProofState::join(With, With);
  ASSERT_EQ(J.handedOff().size(), 1u);
  EXPECT_FALSE(J.handedOff().front().Maybe);
}

TEST(ScopeProof, CookiesCopiedBetweenALocalAndAField) {
  // Each helper on its own: a scope handed to the structure, and a close of
  // the caller's scope through it.
  EXPECT_PROVEN(std::string(ServerLock) +
                "void f(struct server *s) { server_lock(s); }");
  EXPECT_PROVEN(std::string(ServerLock) +
                "void f(struct server *s) { server_unlock(s); }");
  // The pair inside another family's scope (cifs_demultiplex_thread's
  // noreclaim scope around cifs_reconnect()).
  EXPECT_PROVEN(std::string(ServerLock) +
                "void f(struct server *s) {"
                " unsigned int c = memalloc_noreclaim_save();"
                " while (cond()) { server_lock(s); work(); server_unlock(s); }"
                " memalloc_noreclaim_restore(c); }");
  // A helper that locks and unlocks on its own is balanced for its callers.
  EXPECT_PROVEN(std::string(ServerLock) +
                "static void reconnect(struct server *s) { server_lock(s);"
                " if (cond()) { server_unlock(s); return; }"
                " work(); server_unlock(s); }"
                " void f(struct server *s) {"
                " unsigned int c = memalloc_nofs_save(); reconnect(s);"
                " memalloc_nofs_restore(c); }");
  // The caller's own nofs scope closed while the handed-off one is open
  // above it; an unlock that closes a scope below the caller's own.
  EXPECT_NOT_SETTLED(std::string(ServerLock) +
                         "void f(struct server *s) {"
                         " unsigned int c = memalloc_nofs_save();"
                         " server_lock(s); memalloc_nofs_restore(c);"
                         " server_unlock(s); }",
                     "LIFO");
  EXPECT_NOT_SETTLED(std::string(ServerLock) +
                         "void f(struct server *s) {"
                         " unsigned int c = memalloc_nofs_save();"
                         " server_unlock(s); memalloc_nofs_restore(c); }",
                     "from outside");
  // The structure the cookie went to is not one the proof can name again.
  EXPECT_NOT_SETTLED(std::string(ServerLock) +
                         "struct server *get(void);"
                         " void f(void) { server_lock(get());"
                         " server_unlock(get()); }",
                     "cannot name");
  // Unlock and lock again in one helper: its close is checked first, then
  // its scope is open on some paths.
  const std::string Relock = std::string(ServerLock) +
                             "static void relock(struct server *s) {"
                             " server_unlock(s); work(); server_lock(s); }";
  EXPECT_PROVEN(Relock + " void f(struct server *s) { relock(s); }");
  EXPECT_NOT_SETTLED(Relock + " void f(struct server *s) {"
                              " unsigned int c = memalloc_nofs_save();"
                              " relock(s); memalloc_nofs_restore(c); }",
                     "from outside");
  EXPECT_NOT_SETTLED(Relock + " void f(struct server *s) {"
                              " relock(s); unsigned int c ="
                              " memalloc_nofs_save(); server_unlock(s);"
                              " memalloc_nofs_restore(c); }",
                     "LIFO");
}

TEST(ScopeProof, ScopesHandedToAStructureOnSomePaths) {
  // start_this_handle() opens the handle's scope on success only;
  // jbd2__journal_start() hands the handle on.
  const std::string Start =
      "static int start(struct handle *h) { if (cond()) return -12;"
      " h->saved = memalloc_nofs_save(); return 0; }";
  EXPECT_PROVEN(Start + " int f(struct handle *h) { int err = start(h);"
                        " if (err) { work(); return err; } return 0; }");
  // mddev_create_serial_pool(): suspend and resume under the same test.
  const std::string Suspend =
      "static void suspend(struct handle *h) {"
      " h->saved = memalloc_noio_save(); }"
      " static void resume(struct handle *h) {"
      " memalloc_noio_restore(h->saved); }"
      " static void pool(struct handle *h, int is_suspend) {"
      " if (!is_suspend) suspend(h); work(); if (!is_suspend) resume(h); }";
  EXPECT_PROVEN(Suspend + " void f(struct handle *h) { pool(h, 0); }");
  EXPECT_PROVEN(Suspend + " void f(struct handle *h) {"
                          " unsigned c = memalloc_nofs_save(); pool(h, 0);"
                          " memalloc_nofs_restore(c); }");
  // The path classes of pool() pair its suspend and resume, so it leaves
  // its caller's scopes as they were, also one of the same family.
  EXPECT_PROVEN(Suspend + " void f(struct handle *h) {"
                          " unsigned c = memalloc_noio_save();"
                          " pool(h, 0); memalloc_noio_restore(c); }");
  // Under tests the proof cannot pair, the scope is open on some paths
  // only: a noio scope of the caller's own below it is not settled.
  const std::string Unpaired =
      Suspend + " static void unpaired(struct handle *h) {"
                " if (cond()) suspend(h); work(); if (cond()) resume(h); }";
  EXPECT_NOT_SETTLED(Unpaired + " void f(struct handle *h) {"
                                " unsigned c = memalloc_noio_save();"
                                " unpaired(h); memalloc_noio_restore(c); }",
                     "while a scope of its family is open");
}

TEST(ScopeProof, ClosesOfAStructureTheProofCannotName) {
  // md 6.1: unbind_rdev_from_array() calls mddev_destroy_serial_pool(
  // rdev->mddev, ...), whose resume may close a scope from outside, then
  // writes rdev->mddev: the structure has no name after the call, but only
  // a scope from outside can be closed there.
  const std::string Md =
      "struct mddev { unsigned noio_flag; int suspended; };"
      " struct rdev { struct mddev *mddev; };"
      " static void suspend(struct mddev *m) { if (m->suspended++) return;"
      " m->noio_flag = memalloc_noio_save(); }"
      " static void resume(struct mddev *m) { if (--m->suspended) return;"
      " memalloc_noio_restore(m->noio_flag); }"
      " static void pool(struct mddev *m, int is_suspend) {"
      " if (!is_suspend) suspend(m); work(); if (!is_suspend) resume(m); }"
      " static void unbind(struct rdev *r) { pool(r->mddev, 0);"
      " r->mddev = 0; }";
  EXPECT_PROVEN(Md + " void f(struct rdev *r) { unbind(r); }");
  // add_bound_rdev(): through a local pointer only its initializer sets.
  EXPECT_PROVEN(Md + " void f(struct rdev *r, int journal) {"
                     " struct mddev *m = r->mddev; if (journal) suspend(m);"
                     " work(); if (journal) resume(m); }");
  EXPECT_NOT_SETTLED(Md +
                         " struct mddev *other(void);"
                         " void f(struct rdev *r, int journal) {"
                         " struct mddev *m = r->mddev; if (journal) suspend(m);"
                         " m = other(); if (journal) resume(m); }",
                     "while a scope of its family is open");
  EXPECT_PROVEN(Md + " void f(struct rdev *r) { unsigned c ="
                     " memalloc_nofs_save(); unbind(r);"
                     " memalloc_nofs_restore(c); }");
  // A noio scope of the caller's own may be the one it closes.
  EXPECT_NOT_SETTLED(Md + " void f(struct rdev *r) { unsigned c ="
                          " memalloc_noio_save(); unbind(r);"
                          " memalloc_noio_restore(c); }",
                     "cannot name");
}

TEST(ScopeProof, PathClassesPairTestsOfAGuardVariable) {
  // md_ioctl() (6.12): `if (suspend) noio_flags = memalloc_noio_save();`
  // and the same test before the restore.
  EXPECT_PROVEN("int f(int nofs) { unsigned c; if (nofs) c ="
                " memalloc_nofs_save(); if (cond()) goto out; work();"
                " out: if (nofs) memalloc_nofs_restore(c); return 0; }");
  EXPECT_PROVEN("void f(int cmd) { unsigned c; int suspend = cmd > 3;"
                " if (!suspend) work(); else c = memalloc_noio_save();"
                " work(); if (suspend) memalloc_noio_restore(c); }");
  // Written between the tests: what was assumed is forgotten.
  EXPECT_NOT_SETTLED("void f(int nofs) { unsigned c; if (nofs) c ="
                     " memalloc_nofs_save(); nofs = cond();"
                     " if (nofs) memalloc_nofs_restore(c); }",
                     "where paths merge");
  // Its address taken: a callee may change it.
  EXPECT_NOT_SETTLED("void g(int *); void f(int nofs) { unsigned c;"
                     " if (nofs) c = memalloc_nofs_save(); g(&nofs);"
                     " if (nofs) memalloc_nofs_restore(c); }",
                     "where paths merge");
  // A leak on the saved class only is still a leak.
  EXPECT_NOT_SETTLED("void f(int nofs) { unsigned c; if (nofs) c ="
                     " memalloc_nofs_save(); work(); }",
                     "open at an exit");
}

TEST(ScopeProofJoin, ClassesBeyondTheLimitAreJoined) {
  BlockClasses Block;
  bool Changed = false;
  ProofClass Base;
  for (unsigned I = 0; I <= BlockClasses::MaxClasses; ++I) {
    // Distinct assumptions (fake variables: only their identity matters).
    ProofClass C = Base.assuming(
        reinterpret_cast<const clang::VarDecl *>(uintptr_t(8 * (I + 1))), true);
    ASSERT_TRUE(Block.join(C, Changed));
  }
  ASSERT_EQ(Block.classes().size(), 1u);
  EXPECT_TRUE(Block.classes().front().Assumed.empty());
  // Once joined, a class with a different stack is ambiguous.
  ProofClass Open;
  Open.State.scopes().push_back(scope(nullptr, ScopeFamily::NoFS));
  EXPECT_FALSE(Block.join(Open, Changed));
}

} // namespace
