/** The smallest Java program: the floor any JVM-based command pays before doing its own work. */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
