// std: Rust's std on wasm32-wasi: args, env, fs (files, dirs, metadata,
// rename, copy, remove), time, stdin. Run with `--dir EMPTY_DIR::/data`,
// `--env GREETING=hi`, args `one two`, stdin "line a\nline b\n".
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {:?}", args);
    println!("GREETING={:?}", std::env::var("GREETING").ok());
    println!("MISSING={:?}", std::env::var("MISSING").ok());
    let vars: Vec<(String, String)> = std::env::vars().collect();
    println!("vars: {}", vars.len());

    let root = std::path::Path::new("/data");
    fs::create_dir_all(root.join("a/b/c"))?;
    fs::write(root.join("a/b/c/hello.txt"), b"Hello from Rust\n")?;
    let text = fs::read_to_string(root.join("a/b/c/hello.txt"))?;
    print!("read: {}", text);
    let meta = fs::metadata(root.join("a/b/c/hello.txt"))?;
    println!("len={} file={} dir={}", meta.len(), meta.is_file(), meta.is_dir());
    println!("modified ok: {}", meta.modified().is_ok());

    for i in 0..20 {
        fs::write(root.join(format!("a/n{:02}", i)), format!("{}", i))?;
    }
    let names: BTreeSet<String> = fs::read_dir(root.join("a"))?
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    println!("dir a: {} entries, first {:?}, last {:?}", names.len(),
             names.iter().next(), names.iter().last());

    fs::rename(root.join("a/n00"), root.join("a/zz"))?;
    fs::copy(root.join("a/zz"), root.join("copy"))?;
    println!("copy: {}", fs::read_to_string(root.join("copy"))?);
    println!("n00 exists: {}", root.join("a/n00").exists());

    let mut f = fs::OpenOptions::new().read(true).write(true).create(true)
        .open(root.join("rw"))?;
    f.write_all(b"0123456789")?;
    f.seek(SeekFrom::Start(4))?;
    let mut four = [0u8; 4];
    f.read_exact(&mut four)?;
    println!("seek+read: {}", String::from_utf8_lossy(&four));
    f.set_len(3)?;
    println!("after set_len: {}", f.metadata()?.len());
    drop(f);

    match fs::read_to_string(root.join("nope")) {
        Ok(_) => println!("nope: unexpectedly found"),
        Err(e) => println!("nope: {:?}", e.kind()),
    }
    match fs::remove_dir(root.join("a")) {
        Ok(_) => println!("remove_dir a: unexpectedly ok"),
        Err(_) => println!("remove_dir a: refused (not empty)"),
    }
    fs::remove_dir_all(root.join("a"))?;
    fs::remove_file(root.join("copy"))?;
    fs::remove_file(root.join("rw"))?;
    println!("left: {}", fs::read_dir(root)?.count());

    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!("after 2020: {}", now.as_secs() > 1_577_836_800);
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    println!("slept: {}", t0.elapsed() >= Duration::from_millis(20));

    let stdin = io::stdin();
    for line in stdin.lock().lines() {
        println!("stdin: {}", line?.to_uppercase());
    }
    Ok(())
}
